"""ZIP archives edited for tests: a directory that claims a bomb, or one member rewritten.

Shared by the document upload tests (``core``) and the import limit tests (``imports``): an
XLSX and a DOCX are both ZIP archives, and both are bounded from the ZIP directory.
"""

import io
import struct
import zipfile
from collections.abc import Callable


def with_claimed_size(content: bytes, member: str, size: int) -> bytes:
    """The same ZIP, but its central directory (and the local header) say ``member`` unpacks to
    ``size`` bytes: a directory that claims a bomb, without any bomb."""
    data = bytearray(content)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        name = bytes(data[central + 46 : central + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", data, central + 24, size)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
            return bytes(data)
        central = data.find(b"PK\x01\x02", central + 4)
    raise AssertionError(f"{member} not in the archive")


def with_member_edited(content: bytes, member: str, edit: Callable[[bytes], bytes]) -> bytes:
    """The same ZIP, repacked, with ``member``'s bytes replaced by ``edit(bytes)``."""
    found = False
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                found = True
                data = edit(data)
            target.writestr(info.filename, data)
    if not found:
        raise AssertionError(f"{member} not in the archive")
    return out.getvalue()
