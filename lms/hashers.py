"""The password hasher of the host site: Argon2id with the parameters OWASP's Password Storage
Cheat Sheet gives as its first configuration (19 MiB of memory, 2 passes, 1 lane).

Django's default, PBKDF2 with a million iterations, costs about 0.23 s of CPU per login on this
project's two-core reference machine; a hundred staff logging in at the start of a training
session queue behind it (docs/BENCHMARKS.md, "Load"). Argon2id at these parameters costs about
0.02 s and, being memory-hard, resists guessing on graphics cards better. The hashes are Django's
own Argon2 format: older PBKDF2 hashes still verify and are rewritten at the next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
