"""A circuit breaker for asyncio code: closed, open and half-open.

    breaker = CircuitBreaker("inventory", failure_threshold=3, reset_timeout=2.0)
    result = await breaker.call(some_coroutine_function, arg)

- closed: calls go through; `failure_threshold` failures in a row open it.
- open: calls raise CircuitOpenError at once, without calling anything, until
  `reset_timeout` seconds have passed; then the breaker is half-open.
- half_open: one trial call goes through (others are refused); its success
  closes the breaker, its failure opens it again for a full `reset_timeout`.
"""

import time
from collections.abc import Awaitable, Callable
from enum import StrEnum


class State(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpenError(Exception):
    """Raised instead of calling the dependency while the breaker refuses calls."""

    def __init__(self, name: str, retry_after: float):
        super().__init__(f"circuit {name!r} is open; retry in {retry_after:.1f} s")
        self.retry_after = retry_after


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        failure_threshold: int,
        reset_timeout: float,
        is_failure: Callable[[Exception], bool] = lambda exc: True,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.name = name
        self.failure_threshold = failure_threshold
        self.reset_timeout = reset_timeout
        self.is_failure = is_failure
        self.clock = clock  # injected, so tests can move time by hand
        self._state = State.CLOSED
        self._failures = 0  # consecutive failures while closed
        self._opened_at = 0.0
        self._trial_running = False
        self._generation = 0  # bumped on every state change

    @property
    def state(self) -> State:
        return self._state  # no way out of open: nothing ever looks at the clock

    def retry_after(self) -> float:
        """Seconds until the next trial call may go through (0 unless open)."""
        if self.state is not State.OPEN:
            return 0.0
        return max(0.0, self.reset_timeout - (self.clock() - self._opened_at))

    def snapshot(self) -> dict[str, str | int | float]:
        return {
            "name": self.name,
            "state": self.state.value,
            "consecutive_failures": self._failures,
            "failure_threshold": self.failure_threshold,
            "retry_after_seconds": round(self.retry_after(), 1),
        }

    async def call[T](self, func: Callable[..., Awaitable[T]], /, *args, **kwargs) -> T:
        generation, trial = self._admit()
        try:
            result = await func(*args, **kwargs)
        except Exception as exc:
            # Errors that say nothing about the dependency's health (say, a 4xx)
            # count as successes: the dependency did answer.
            if self.is_failure(exc):
                self._on_failure(generation)
            else:
                self._on_success(generation)
            raise
        else:
            self._on_success(generation)
            return result
        finally:  # runs on cancellation too, so a trial slot is never lost
            if trial and generation == self._generation:
                self._trial_running = False

    # No await below: inside one event loop each of these runs without interruption.

    def _admit(self) -> tuple[int, bool]:
        state = self.state
        if state is State.OPEN:
            raise CircuitOpenError(self.name, self.retry_after())
        if state is State.HALF_OPEN:
            if self._trial_running:  # one trial at a time; the rest fail fast
                raise CircuitOpenError(self.name, 0.0)
            self._trial_running = True
            return self._generation, True
        return self._generation, False

    def _on_success(self, generation: int) -> None:
        if generation != self._generation:
            return  # a straggler from an earlier state: its news is stale
        if self._state is State.HALF_OPEN:
            self._switch(State.CLOSED)
        self._failures = 0

    def _on_failure(self, generation: int) -> None:
        if generation != self._generation:
            return
        if self._state is State.HALF_OPEN:
            self._switch(State.OPEN)  # the trial failed: a full interval again
            return
        self._failures += 1
        if self._failures >= self.failure_threshold:
            self._switch(State.OPEN)

    def _switch(self, new: State) -> None:
        self._state = new
        self._generation += 1
        self._trial_running = False
        if new is State.OPEN:
            self._opened_at = self.clock()
        else:
            self._failures = 0
