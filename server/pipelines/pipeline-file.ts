import { pipelineFileIssues } from '../../contracts/pipeline-file-issues';
import {
  PIPELINE_FILE_FORMAT,
  PIPELINE_FILE_VERSION,
  pipelineFile,
  type PipelineConfig,
  type PipelineFile
} from '../../contracts/pipeline';
import { InvalidInput } from '../../contracts/errors';

export { filePath } from '../../contracts/pipeline-file-issues';

/**
 * Reads an export file. Anything wrong, including node types this studio does not know, is one
 * 400 `invalid_pipeline_file` whose `details.issues` name each offending path inside the file:
 * unknown types are listed beside structural problems, so one round of fixes is enough.
 */
export function parsePipelineFile(input: unknown): PipelineFile {
  const issues = pipelineFileIssues(input);
  if (issues.length) throw invalidFile(issues);
  return pipelineFile.parse(input);
}

function invalidFile(issues: Array<{ path: string; message: string }>): InvalidInput {
  const first = issues[0]!;
  return new InvalidInput(
    `This is not a pipeline file this studio can import: ${first.path ? `${first.path}: ` : ''}${first.message}`,
    { issues },
    'invalid_pipeline_file'
  );
}

export function toPipelineFile(
  pipeline: { name: string; description: string | null },
  config: PipelineConfig
): PipelineFile {
  return {
    format: PIPELINE_FILE_FORMAT,
    formatVersion: PIPELINE_FILE_VERSION,
    name: pipeline.name,
    description: pipeline.description,
    config
  };
}

/** A download name from the pipeline's name, without characters file systems refuse. */
export function exportFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.replace(/[\\/:*?"<>|\x00-\x1f]+/g, '_').trim() || 'pipeline';
  return `${base}.pipeline.json`;
}
