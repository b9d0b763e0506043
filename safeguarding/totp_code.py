"""Print the current six-digit code for the demo TOTP secret (RFC 6238: SHA-1, 30-second steps).

    python -m safeguarding.totp_code [SECRET]

For trying the demo without an authenticator app; tests use `code_for` to complete the real MFA step.
"""

import base64
import hashlib
import hmac
import struct
import sys
import time

from safeguarding.devstack import DEMO_TOTP_SECRET


def code_for(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    counter = int((time.time() if at is None else at) // step)
    key = base64.b32decode(secret.upper(), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


if __name__ == "__main__":
    print(code_for(sys.argv[1] if len(sys.argv) > 1 else DEMO_TOTP_SECRET))
