"""What workers post back to the UI thread, and the one error policy every worker follows.

A worker runs with `exit_on_error=False` and posts `Loaded` or `Saved` when it is done. When it
ends on a `StudycardsError` (database busy, read-only, disk full, corrupt) the `WorkerPolicy`
turns it into a `Failed` message, shown as an error notification, and the screen keeps what the
learner typed. Any other exception is a bug: it stops the app, as an unhandled worker error does.
"""

from __future__ import annotations

from typing import Any, Protocol

from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerFailed, WorkerState

from studycards.errors import StudycardsError


class Loaded(Message, bubble=False):
    """A worker read `value` (`what` names which read, for screens with several)."""

    def __init__(self, what: str, value: Any = None) -> None:
        super().__init__()
        self.what = what
        self.value = value


class Saved(Message, bubble=False):
    """A worker wrote something; `value` is what the write returned."""

    def __init__(self, what: str, value: Any = None) -> None:
        super().__init__()
        self.what = what
        self.value = value


class Failed(Message, bubble=False):
    """A worker ended on an error the learner can act on (the worker's group is `what`)."""

    def __init__(self, what: str, error: StudycardsError) -> None:
        super().__init__()
        self.what = what
        self.error = error


def failure(worker: Worker[Any]) -> Failed | None:
    """The `Failed` message for a worker that ended on a StudycardsError.

    None while the worker has not failed; any other error is raised again (as `WorkerFailed`,
    the way Textual reports an unhandled worker error), so bugs are never swallowed.
    """
    if worker.state != WorkerState.ERROR:
        return None
    error = worker.error
    if isinstance(error, StudycardsError):
        return Failed(worker.group, error)
    assert isinstance(error, BaseException)
    raise WorkerFailed(error)


class _Node(Protocol):
    """What the policy needs of the app or a screen."""

    def post_message(self, message: Message) -> bool: ...

    def notify(self, message: str, *, title: str = ..., severity: SeverityLevel = ...,
               timeout: float | None = ..., markup: bool = ...) -> None: ...


class WorkerPolicy:
    """Handlers shared by the app and its screens: errors of workers become notifications."""

    def on_worker_state_changed(self: _Node, event: Worker.StateChanged) -> None:
        failed = failure(event.worker)
        if failed is not None:
            self.post_message(failed)

    def on_failed(self: _Node, message: Failed) -> None:
        """Say what went wrong; what is on screen (the learner's input) stays as it is."""
        self.notify(message.error.message, title="Not done", severity="error", timeout=10, markup=False)
