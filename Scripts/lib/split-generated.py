#!/usr/bin/env python3
"""Post-processes protoc's Swift output so no generated file is over 600 lines (the project's file-size
rule): doc comments are dropped (the .proto files in specs/proto are the documentation) and each file is
split at top-level declarations into NAME.partN.swift, every part repeating the file's imports and its
file-private package constant. Fails loudly if a single declaration is too big to fit."""
import pathlib, re, sys

LIMIT = 600

def split(path: pathlib.Path) -> None:
    lines = [l for l in path.read_text().split("\n") if not l.lstrip().startswith("///")]
    # A message's optional-field storage is fileprivate; its coding extensions may land in another
    # part, so it becomes internal (still invisible outside the module).
    lines = [re.sub(r"^(\s+)fileprivate var _", r"\1var _", l) for l in lines]
    imports = [i for i, l in enumerate(lines) if l.startswith("import ")]
    if not imports:
        # Nothing to declare (a proto without services still yields a .grpc.swift file).
        path.write_text("\n".join(lines))
        return
    header_end = imports[-1] + 1
    header = lines[:header_end]
    body = lines[header_end:]
    shared = [l for l in body if l.startswith("fileprivate nonisolated let _protobuf_package")]
    body = [l for l in body if l not in shared]
    # Top-level declarations begin at column 0 with an attribute, a keyword or a MARK comment.
    starts = [i for i, l in enumerate(body)
              if re.match(r"(@available|public |nonisolated |extension |fileprivate |struct |enum |// MARK)", l)
              and not (i > 0 and body[i - 1].startswith("@available"))]
    blocks, previous = [], 0
    for s in starts[1:] + [len(body)]:
        blocks.append(body[previous:s])
        previous = s
    if starts and starts[0] > 0:
        blocks[0] = body[:starts[0]] + blocks[0]
    room = LIMIT - len(header) - len(shared) - 2
    parts, current = [], []
    for block in blocks:
        if len(block) > room:
            sys.exit(f"split-generated: {path.name}: a declaration of {len(block)} lines does not fit in {LIMIT}")
        if len(current) + len(block) > room:
            parts.append(current)
            current = []
        current += block
    if current:
        parts.append(current)
    path.unlink()
    stem = path.name[:-len(".swift")]
    for n, part in enumerate(parts, 1):
        name = f"{stem}.swift" if len(parts) == 1 else f"{stem}.part{n}.swift"
        text = "\n".join(header + [""] + shared + part).rstrip() + "\n"
        (path.parent / name).write_text(text)

for file in sys.argv[1:]:
    split(pathlib.Path(file))
