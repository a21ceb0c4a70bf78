#if canImport(Glibc)
import Glibc
#endif
import BerthCLI

// The docker CLI role: everything lives in BerthCLI so tests drive the same code in-process.
exit(BerthCommandLine.run(Array(CommandLine.arguments.dropFirst())))
