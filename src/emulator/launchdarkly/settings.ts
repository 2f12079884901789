import type { Handler } from '../handler';
import { badRequest } from '../http';
import type { LdStore, ProjectState } from './store';

function settingsRep(project: ProjectState): Record<string, unknown> {
  return {
    _projectId: project.fixture._id,
    _projectKey: project.fixture.key,
    randomizationUnits: structuredClone(project.settings.randomizationUnits),
    _creationDate: project.settings.creationDate,
    _links: {
      self: { href: `/api/v2/projects/${project.fixture.key}/experimentation-settings`, type: 'application/json' },
    },
  };
}

/**
 * Experimentation settings. PUT replaces the whole list; every unit must be a context kind of the
 * project (400 otherwise), may appear once, and at most one may be the default.
 */
export function settingsHandlers(store: LdStore): Record<string, Handler> {
  return {
    getExperimentationSettings: (ctx) => ({ status: 200, body: settingsRep(store.project(ctx.params.projectKey)) }),
    putExperimentationSettings: (ctx) => {
      const project = store.project(ctx.params.projectKey);
      const units: Array<{ randomizationUnit: string; default?: boolean }> = ctx.body.randomizationUnits;
      const seen = new Set<string>();
      units.forEach((u, i) => {
        if (!project.fixture.contextKinds.some((k) => k.key === u.randomizationUnit)) {
          const known = project.fixture.contextKinds.map((k) => k.key).join(', ');
          throw badRequest(
            `randomizationUnits[${i}].randomizationUnit '${u.randomizationUnit}' is not a context kind of the project (${known})`,
            'randomizationUnits',
          );
        }
        if (seen.has(u.randomizationUnit))
          throw badRequest(`randomizationUnits[${i}]: '${u.randomizationUnit}' is listed twice`, 'randomizationUnits');
        seen.add(u.randomizationUnit);
      });
      if (units.filter((u) => u.default).length > 1)
        throw badRequest('randomizationUnits: at most one unit may be the default', 'randomizationUnits');
      project.settings.randomizationUnits = units.map((u) => ({
        randomizationUnit: u.randomizationUnit,
        default: Boolean(u.default),
        _hidden: false,
        _displayName: project.fixture.contextKinds.find((k) => k.key === u.randomizationUnit)!.name,
      }));
      return { status: 200, body: settingsRep(project) };
    },
  };
}
