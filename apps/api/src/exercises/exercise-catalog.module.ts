import { Module } from '@nestjs/common';
import { ExerciseCatalog } from '@podlab/learning';
import { readExerciseFiles } from './exercise-files';

/**
 * The curriculum, read and validated once at start-up. Its own module because two capabilities read it: the
 * exercise use cases, and the sandboxes (resetSandbox rebuilds an exercise sandbox from its setup).
 */
@Module({
  providers: [{ provide: ExerciseCatalog, useFactory: () => ExerciseCatalog.load(readExerciseFiles()) }],
  exports: [ExerciseCatalog],
})
export class ExerciseCatalogModule {}
