import { z } from 'zod';
import type { Staff } from '../policy/index.ts';

export const GROUPINGS = ['zone', 'district', 'wing'] as const;
export type Grouping = (typeof GROUPINGS)[number];

const slug = z
  .string()
  .max(60)
  .regex(/^[a-z0-9-]*$/)
  .optional()
  .transform((v) => v || undefined);

/** The report's GET parameters, shared by the page and its CSV download. */
export const ReportQuery = z.object({
  group: z.enum(GROUPINGS).default('zone'),
  zone: slug,
  wing: slug,
});
export type ReportQuery = z.infer<typeof ReportQuery>;

/** The filters the report actually applies: the staff member's scope wins over the query string. */
export interface ReportFilters {
  readonly group: Grouping;
  readonly zoneId: string | undefined;
  readonly districtId: string | undefined;
  readonly wingId: string | undefined;
}

/** Joins the query with the staff member's scope: a zonal head's zone comes from the account. */
export function effectiveFilters(
  staff: Pick<Staff, 'scope' | 'zoneId' | 'districtId'>,
  query: ReportQuery,
): ReportFilters {
  switch (staff.scope) {
    case 'all':
      return { group: query.group, zoneId: query.zone, districtId: undefined, wingId: query.wing };
    case 'zone':
      return {
        group: query.group,
        zoneId: staff.zoneId ?? '__none__',
        districtId: undefined,
        wingId: query.wing,
      };
    case 'district':
      return {
        group: query.group,
        zoneId: undefined,
        districtId: staff.districtId ?? '__none__',
        wingId: query.wing,
      };
  }
}

/** The query string that reproduces these filters (for the CSV link and paging). */
export function reportSearch(query: ReportQuery): string {
  const params = new URLSearchParams({ group: query.group });
  if (query.zone) params.set('zone', query.zone);
  if (query.wing) params.set('wing', query.wing);
  return params.toString();
}
