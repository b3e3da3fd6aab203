/** Shapes of the account requests (validated at the boundary; the service re-checks meaning). */
import * as v from 'valibot';
import { ROLES } from '$lib/domain/access';
import { INSEE_RE } from './sheet';
import { noNul } from './nul';

const token = v.pipe(v.string(), v.maxLength(100));
const name = v.pipe(v.string(), v.maxLength(200), noNul);
const login = v.pipe(v.string(), v.maxLength(200), noNul);

export const SetupBody = v.object({
	token,
	name,
	login: v.optional(login),
	password: v.optional(v.pipe(v.string(), v.maxLength(200)))
});

export const TokenBody = v.object({ token });

export const JoinBody = v.object({ token, name: v.optional(name, '') });

export const SignInBody = v.object({
	login,
	password: v.pipe(v.string(), v.maxLength(200))
});

export const PasswordBody = v.object({
	login,
	password: v.pipe(v.string(), v.maxLength(200)),
	current: v.optional(v.pipe(v.string(), v.maxLength(200)))
});

const communes = v.pipe(v.array(v.pipe(v.string(), v.regex(INSEE_RE))), v.maxLength(500));

export const InvitationBody = v.object({
	role: v.picklist(ROLES),
	communes: v.optional(communes, []),
	label: v.optional(v.pipe(v.string(), v.maxLength(120), noNul), ''),
	maxUses: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))), null),
	expiresInDays: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365))), null)
});

export const RoleBody = v.object({ role: v.picklist(ROLES), communes: v.optional(communes, []) });

/** The person as the server describes it to the client (GET /api/me, stored on the phone). */
export const MeSchema = v.object({
	id: v.string(),
	name: v.string(),
	role: v.picklist(ROLES),
	communes: v.array(v.string()),
	login: v.nullable(v.string()),
	hasPassword: v.boolean()
});
export type Me = v.InferOutput<typeof MeSchema>;

/** A signed-in person, as the first run, joining and signing in answer (POST /api/setup, /api/join, /api/signin). */
export const UserAnswerSchema = v.object({ user: MeSchema });

/** What an invitation link offers, before the person gives a name (POST /api/join/preview). */
export const JoinPreviewSchema = v.object({
	role: v.picklist(ROLES),
	communes: v.array(v.string()),
	label: v.string(),
	forName: v.nullable(v.string())
});
export type JoinPreview = v.InferOutput<typeof JoinPreviewSchema>;
