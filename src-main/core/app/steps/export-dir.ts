/** The export folder beside a project file when none is given: `area.prospect` -> `area-export`. */
export function defaultOutDir(project: string): string {
  return project.replace(/\.[^./\\]+$/, '') + '-export';
}
