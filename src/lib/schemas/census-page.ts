/**
 * The census screen's answer (GET /api/census): one page of rows and the counts of the whole
 * filtered census, as the browser checks it (lib/api/census.ts).
 */
import * as v from 'valibot';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const counts = v.record(v.string(), count);
const nullableString = v.nullable(v.string());

const RowSchema = v.object({
	id: v.string(),
	name: v.string(),
	category: nullableString,
	categoryOther: v.string(),
	commune: nullableString,
	communeName: v.string(),
	condition: nullableString,
	status: nullableString,
	worksWithoutMains: v.nullable(v.string()),
	verifiedOn: nullableString,
	updatedAt: v.string(),
	createdByName: v.string(),
	deleted: v.boolean(),
	reverify: v.boolean()
});

export const CensusPageSchema = v.object({
	total: count,
	page: v.pipe(v.number(), v.integer(), v.minValue(1)),
	size: v.pipe(v.number(), v.integer(), v.minValue(1)),
	rows: v.array(RowSchema),
	counts: v.object({
		byCategory: counts,
		byCdc: counts,
		byCommune: counts,
		byCategoryCdc: v.record(v.string(), counts),
		worksWithoutMains: v.object({ oui: count, non: count, inconnu: count }),
		reverify: count
	})
});
