"""The async_patterns course package.

- `course.testing`: the deterministic concurrency harness the hidden tests
  stand on (virtual time, seeded schedules, deadlock diagnosis, traced
  primitives).
- `course.tools`: maintenance commands (`course release`, `course fmt`, ...).
"""
