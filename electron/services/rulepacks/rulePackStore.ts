import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtInCalendar, BUILT_IN_CALENDAR_VERSION } from '../../../shared/domain/calendar/builtIn.js';
import type { WorkingCalendar } from '../../../shared/domain/calendar/workingCalendar.js';
import { agencyPackSchema, type AgencyPack } from '../../../shared/domain/rulepacks/agencyPack.js';
import { calendarFromPack, calendarPackSchema, type CalendarPack } from '../../../shared/domain/rulepacks/calendarPack.js';
import { cataloguePackSchema, type CataloguePack } from '../../../shared/domain/rulepacks/cataloguePack.js';
import { rulePackInForce, schemaParse, type RulePackVersions } from '../../../shared/domain/rulepacks/common.js';
import {
  defaultStatusMapping,
  statusMappingPackSchema,
  type StatusMappingPack,
} from '../../../shared/domain/rulepacks/statusMappingPack.js';
import { AppError } from '../../../shared/contract/errors.js';

// Rule packs in force on this workstation: those the server distributed (dataDir/rulepacks) and
// the samples shipped in resources/rulepacks. Every file is validated with the shared schemas;
// a bad file is reported, never half-used.

export interface RulePacks {
  catalogues: CataloguePack[];
  calendars: CalendarPack[];
  agencies: AgencyPack[];
  statusMappings: StatusMappingPack[];
}

export interface RulesInForce {
  catalogue: CataloguePack;
  calendar: WorkingCalendar;
  calendarPack: CalendarPack | null;
  agencies: AgencyPack | null;
  statusMapping: StatusMappingPack;
  versions: RulePackVersions;
}

export interface RulePackStore {
  all(): Promise<RulePacks>;
  /** The packs in force on a Vietnam date (YYYY-MM-DD). */
  inForce(date: string): Promise<RulesInForce>;
  reload(): void;
}

async function jsonFiles(dir: string): Promise<{ path: string; json: unknown }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      try {
        return { path, json: JSON.parse(await readFile(path, 'utf8')) as unknown };
      } catch {
        throw new AppError('validation-failed', `Tệp bộ quy tắc ${path} không phải JSON`, { path });
      }
    }),
  );
}

export function rulePackStoreCreate(dirs: string[]): RulePackStore {
  let loaded: Promise<RulePacks> | null = null;
  async function load(): Promise<RulePacks> {
    const packs: RulePacks = { catalogues: [], calendars: [], agencies: [], statusMappings: [] };
    for (const dir of dirs) {
      for (const { path, json } of await jsonFiles(dir)) {
        const kind = (json as { kind?: unknown }).kind;
        if (kind === 'catalogue') packs.catalogues.push(schemaParse(cataloguePackSchema, json, path));
        else if (kind === 'calendar') packs.calendars.push(schemaParse(calendarPackSchema, json, path));
        else if (kind === 'agencies') packs.agencies.push(schemaParse(agencyPackSchema, json, path));
        else if (kind === 'status-mapping') packs.statusMappings.push(schemaParse(statusMappingPackSchema, json, path));
      }
    }
    return packs;
  }
  const all = (): Promise<RulePacks> => {
    loaded ??= load().catch((err: unknown) => {
      loaded = null;
      throw err;
    });
    return loaded;
  };
  return {
    all,
    reload: () => {
      loaded = null;
    },
    async inForce(date) {
      const packs = await all();
      const catalogue = rulePackInForce(packs.catalogues, date);
      if (!catalogue) throw new AppError('not-configured', `Chưa có danh mục thủ tục có hiệu lực ngày ${date}`, { date });
      const calendarPack = rulePackInForce(packs.calendars, date) ?? null;
      const agencies = rulePackInForce(packs.agencies, date) ?? null;
      const statusMapping = rulePackInForce(packs.statusMappings, date) ?? defaultStatusMapping;
      return {
        catalogue,
        calendar: calendarPack ? calendarFromPack(calendarPack) : builtInCalendar(),
        calendarPack,
        agencies,
        statusMapping,
        versions: {
          catalogue: catalogue.version,
          calendar: calendarPack?.version ?? BUILT_IN_CALENDAR_VERSION,
          agencies: agencies?.version ?? 'none',
          statusMapping: statusMapping.version,
        },
      };
    },
  };
}
