import { Module } from '@nestjs/common';
import { ReconcileProcessor } from './reconcile.processor';
import { ReconcileWorker } from './reconcile.worker';

@Module({ providers: [ReconcileProcessor, ReconcileWorker] })
export class ReconcileModule {}
