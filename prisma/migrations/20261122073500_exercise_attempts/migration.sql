-- CreateTable
CREATE TABLE "exercise_attempts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "exercise_id" TEXT NOT NULL,
    "sandbox_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMPTZ(3),
    "score" INTEGER,
    "max_points" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL DEFAULT false,
    "report" JSONB,
    "hints_used" INTEGER NOT NULL DEFAULT 0,
    "hint_keys" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "exercise_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "exercise_attempts_sandbox_id_key" ON "exercise_attempts"("sandbox_id");

-- CreateIndex
CREATE INDEX "exercise_attempts_user_exercise_started_idx" ON "exercise_attempts"("user_id", "exercise_id", "started_at");

-- CreateIndex
CREATE INDEX "exercise_attempts_exercise_id_idx" ON "exercise_attempts"("exercise_id");

-- AddForeignKey
ALTER TABLE "exercise_attempts" ADD CONSTRAINT "exercise_attempts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exercise_attempts" ADD CONSTRAINT "exercise_attempts_sandbox_id_fkey" FOREIGN KEY ("sandbox_id") REFERENCES "sandboxes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

