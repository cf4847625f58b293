// @podlab/learning: the learning use cases over ports, no framework (type:usecase, like @podlab/sandbox):
// exercises (catalog, start, grade, submit, hints, progress) in src/exercises/, cohorts in src/cohorts/.
// Apps wire the adapters (Prisma repositories, the sandbox service). Named exports only, added per use case.
export {};
