import { Module } from '@nestjs/common';
import { SandboxModule } from '../sandbox/sandbox.module';
import { ReconcileProcessor } from './reconcile.processor';
import { ReconcileWorker } from './reconcile.worker';

@Module({ imports: [SandboxModule], providers: [ReconcileProcessor, ReconcileWorker] })
export class ReconcileModule {}
