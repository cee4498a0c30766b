import { Module } from '@nestjs/common';
import { FileUrls } from './file-urls.js';
import { FilesCleanup } from './files-cleanup.js';
import { FilesController } from './files.controller.js';
import { FilesRepository } from './files.repository.js';
import { FilesService } from './files.service.js';

@Module({
  controllers: [FilesController],
  providers: [FilesRepository, FileUrls, FilesService, FilesCleanup],
  exports: [FilesService],
})
export class FilesModule {}
