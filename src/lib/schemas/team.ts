/**
 * The answers of the coordinator's team API (GET /api/team, invitations, people, devices, the audit
 * log), as the browser checks them (lib/api/team.ts) before a screen sees them.
 */
import * as v from 'valibot';
import { ROLES, type Role } from '$lib/domain/access';

const id = v.pipe(v.string(), v.nonEmpty());
const instant = v.string();
const role = v.picklist(ROLES);

export const DeviceSchema = v.object({
	id,
	device: v.string(),
	lastSeenAt: v.nullable(instant),
	createdAt: instant
});

export const PersonSchema = v.object({
	id,
	name: v.string(),
	role,
	communes: v.array(v.string()),
	login: v.nullable(v.string()),
	lastSeenAt: v.nullable(instant),
	revokedAt: v.nullable(instant),
	createdAt: instant,
	devices: v.array(DeviceSchema)
});

export const INVITATION_STATES = ['active', 'token_expired', 'token_used', 'token_revoked'] as const;

export const InvitationSchema = v.object({
	id,
	role,
	communes: v.array(v.string()),
	label: v.string(),
	uses: v.pipe(v.number(), v.integer(), v.minValue(0)),
	maxUses: v.nullable(v.pipe(v.number(), v.integer())),
	expiresAt: v.nullable(instant),
	createdAt: instant,
	revokedAt: v.nullable(instant),
	state: v.picklist(INVITATION_STATES)
});

export const TeamSchema = v.object({
	users: v.array(PersonSchema),
	invitations: v.array(InvitationSchema),
	/** The address invitation links are made with (ORIGIN, else the server's localhost address). */
	publicOrigin: v.optional(v.string())
});

/** A link shown once (invitation or reissued link) with its QR code as SVG markup. */
export const LinkSchema = v.object({
	link: v.pipe(v.string(), v.url()),
	qr: v.pipe(v.string(), v.startsWith('<svg'))
});

export const CreatedInvitationSchema = v.object({ id, ...LinkSchema.entries });

export const AUDIT_ACTIONS = [
	'setup.link_created',
	'setup.coordinator_created',
	'signin.password',
	'signin.failed',
	'signout',
	'invitation.created',
	'invitation.accepted',
	'invitation.revoked',
	'invitation.refused',
	'user.revoked',
	'user.role_changed',
	'user.password_set',
	'user.link_reissued',
	'session.revoked',
	'export.private',
	'territory.outlines_uploaded',
	'territory.outlines_reset',
	'territory.changed',
	'signin.delay_lifted'
] as const;

export const AuditEntrySchema = v.object({
	id: v.pipe(v.number(), v.integer()),
	at: instant,
	actorId: v.nullable(v.string()),
	actorName: v.nullable(v.string()),
	// An action this screen does not know yet (a newer server) is still listed, in a generic way.
	action: v.string(),
	target: v.nullable(v.string()),
	detail: v.record(v.string(), v.unknown()),
	ip: v.nullable(v.string())
});

export const AuditPageSchema = v.object({ entries: v.array(AuditEntrySchema) });

/** A person's failed sign-ins of the last hour (GET /api/audit/signin-failures). */
export const SigninFailuresSchema = v.object({
	userId: id,
	name: v.string(),
	login: v.nullable(v.string()),
	failures: v.pipe(v.number(), v.integer(), v.minValue(1)),
	addresses: v.pipe(v.number(), v.integer(), v.minValue(0)),
	firstAt: v.nullable(instant),
	lastAt: v.nullable(instant),
	/** The wait each try on this account has now; 0: none. */
	delaySeconds: v.pipe(v.number(), v.integer(), v.minValue(0))
});

export const SigninFailuresAnswer = v.object({ accounts: v.array(SigninFailuresSchema) });

export type Person = v.InferOutput<typeof PersonSchema>;
export type Device = v.InferOutput<typeof DeviceSchema>;
export type Invitation = v.InferOutput<typeof InvitationSchema>;
export type InvitationState = Invitation['state'];
export type Team = v.InferOutput<typeof TeamSchema>;
export type ShownLink = v.InferOutput<typeof LinkSchema>;
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type SigninFailures = v.InferOutput<typeof SigninFailuresSchema>;

export interface InvitationRequest {
	role: Role;
	communes?: string[];
	label?: string;
	maxUses?: number | null;
	expiresInDays?: number | null;
}

/** How many entries the server sends per page of the audit log (GET /api/audit). */
export const AUDIT_PAGE_SIZE = 100;
