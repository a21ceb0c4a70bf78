import BerthShim
import Glibc

// berth-shim: the containerd-shim role. All logic lives in BerthShim; see specs/berth-shim.md.
exit(ShimCommandLine.main(Array(CommandLine.arguments.dropFirst())))
