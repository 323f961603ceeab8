"""Input streams for driving the line modes through click's CliRunner."""

from __future__ import annotations

import io


class InterruptedInput(io.BytesIO):
    """Piped input, then Ctrl-C (KeyboardInterrupt) when the command waits for more."""

    def read(self, size: int | None = -1) -> bytes:
        if size == 0:
            return b""
        data = super().read(size)
        if not data:
            raise KeyboardInterrupt
        return data

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
