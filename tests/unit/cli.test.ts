/**
 * The operator's command line (npm run admin), driven in-process through `run()` against a real
 * SQLite file in a temporary data folder; then the built bundle, once, under plain Node.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '$lib/server/cli/main';
import { acceptInvitation, AccountError, claimSetup, previewInvitation, sessionFor, setPassword, signIn, type Context } from '$lib/server/accounts';
import { onPostgres, useServerDatabase, type TestStore } from './stores';
import { writeFields } from '$lib/server/sync/service';
import { formatHlc } from '$lib/domain/hlc';
import type { FieldName } from '$lib/domain/sheet';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ciderPress, poultryAbattoir } from '../fixtures/sheets';

const ORIGIN = 'https://atlas.example.org';
/** 14:05 in Paris. */
const T0 = new Date('2026-11-28T13:05:00.000Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(T0.getTime() + ms);

let dir: string;
let dbFile: string;
const stores: TestStore[] = [];
let openServerStore: () => TestStore;

/** The store the server would use, opened beside the command line's own connection. */
function openStore(): TestStore {
	const store = openServerStore();
	stores.push(store);
	return store;
}
const ctx = (now = T0): Context => ({ store: openStore(), now, ip: '10.0.0.9', device: 'phone' });

interface Result {
	code: number;
	out: string;
	err: string;
}

async function cli(...argv: string[]): Promise<Result> {
	return cliAt(T0, ...argv);
}

async function cliAt(now: Date, ...argv: string[]): Promise<Result> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, { dataDir: dir, origin: ORIGIN, now, timeZone: 'Europe/Paris' });
	return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The printed link: alone on its line, after a human line. */
function linkIn(out: string): string {
	const lines = out.split('\n');
	const i = lines.findIndex((l) => /^https?:\/\/\S+$/.test(l));
	expect(i, out).toBeGreaterThan(0);
	expect(lines[i - 1]).toMatch(/\S/);
	return lines[i] as string;
}
const tokenOf = (link: string) => link.slice(link.indexOf('#') + 1);

async function errorCode(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AccountError) return e.code;
		throw e;
	}
}

/** A coordinator account made through the command line's first-run link. */
async function coordinator(name = 'Claire Coordination') {
	const link = linkIn((await cli('create-coordinator')).out);
	return claimSetup(ctx(), { token: tokenOf(link), name });
}

/** A person who joined through an invitation printed by the command line. */
async function joined(name: string, ...inviteArgs: string[]) {
	const res = await cli('invite', ...inviteArgs);
	expect(res.code, res.err).toBe(0);
	return acceptInvitation(ctx(), { token: tokenOf(linkIn(res.out)), name });
}

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-cli-'));
	dbFile = join(dir, 'atlas.sqlite');
	openServerStore = await useServerDatabase(dir);
});
afterEach(async () => {
	for (const s of stores.splice(0)) await s.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('help and bad usage', () => {
	it.each([['help'], ['--help'], ['-h'], ['invite', '--help'], ['revoke', '-h']])('prints the usage for %s and exits 0', async (...argv) => {
		const res = await cli(...argv);
		expect(res.code).toBe(0);
		expect(res.out).toContain('Usage : npm run admin -- <commande> [options]');
		expect(res.out).toContain('invite --role benevole|mairie|coordinateur');
		expect(res.out).toContain(dbFile);
		expect(res.err).toBe('');
	});

	it.each<[string[], string, string]>([
		[[], 'Aucune commande donnée.', 'No command given.'],
		[['frobnicate'], 'Commande inconnue : « frobnicate ».', 'Unknown command: "frobnicate".'],
		[['users', '--verbose'], 'Option inconnue pour users : --verbose.', 'Unknown option for users: --verbose.'],
		[['users', 'extra'], 'Argument en trop : « extra ».', 'Unexpected argument: "extra".'],
		[['invite', '--role'], 'L’option --role attend une valeur.', 'Option --role needs a value.'],
		[['invite', '--role='], 'L’option --role attend une valeur.', 'Option --role needs a value.'],
		[['invite', '--role', 'benevole', '--label', '--uses', '3'], 'L’option --label attend une valeur.', ''],
		[['invite', '--role', 'benevole', '--role', 'mairie'], 'L’option --role est donnée deux fois.', 'Option --role is given twice.'],
		[['invite', '--role', 'benevole', '--qr=yes'], 'L’option --qr ne prend pas de valeur.', ''],
		[['revoke'], 'Indiquez la personne : revoke <id ou identifiant>', 'Missing person: revoke <id or login>'],
		[['reissue'], 'Indiquez la personne : reissue <id ou identifiant>', ''],
		[['revoke-invitation'], 'Indiquez l’invitation', 'Missing invitation']
	])('refuses %j with exit 2 and a French then English message', async (argv, french, english) => {
		const res = await cli(...argv);
		expect(res.code).toBe(2);
		expect(res.out).toBe('');
		expect(res.err).toContain(french);
		expect(res.err).toContain(english);
		if (english) expect(res.err.indexOf(french)).toBeLessThan(res.err.indexOf(english));
		// Either the whole usage (no command at all) or a pointer to it.
		expect(res.err).toMatch(/npm run admin -- (help|<commande>)/);
		// Nothing was opened, let alone written.
		expect(existsSync(dbFile)).toBe(false);
	});
});

describe('create-coordinator', () => {
	it('on an empty database prints a first-run link that claimSetup accepts, once', async () => {
		const res = await cli('create-coordinator');
		expect(res.code).toBe(0);
		const lines = res.out.split('\n');
		expect(lines[0]).toBe('Première installation : ouvrez ce lien pour créer le compte de coordination (une seule fois, valable jusqu’au 29/11/2026 14:05) :');
		const link = linkIn(res.out);
		expect(link).toMatch(new RegExp(`^${ORIGIN}/bienvenue#[A-Za-z0-9_-]{43}$`));

		const signed = await claimSetup(ctx(at(HOUR)), { token: tokenOf(link), name: 'Claire Coordination' });
		expect(signed.user.role).toBe('coordinateur');
		expect(await errorCode(claimSetup(ctx(at(HOUR)), { token: tokenOf(link), name: 'Intrus' }))).toBe('token_used');
	});

	it('once people exist, prints a single-use coordinator invitation valid 24 h', async () => {
		await coordinator();
		const res = await cli('create-coordinator');
		expect(res.code).toBe(0);
		expect(res.out).toContain('invitation au rôle coordination, une seule fois, valable jusqu’au 29/11/2026 14:05');
		const token = tokenOf(linkIn(res.out));
		expect(linkIn(res.out)).toMatch(new RegExp(`^${ORIGIN}/rejoindre#`));

		expect(await errorCode(previewInvitation(ctx(at(DAY + 1)), token))).toBe('token_expired');
		const second = await acceptInvitation(ctx(at(HOUR)), { token, name: 'Bruno Second' });
		expect(second.user.role).toBe('coordinateur');
		expect(await errorCode(acceptInvitation(ctx(at(HOUR)), { token, name: 'Encore' }))).toBe('token_used');
	});
});

describe('invite', () => {
	it('prints a volunteer link that really lets someone join', async () => {
		const res = await cli('invite', '--role', 'benevole');
		expect(res.code).toBe(0);
		expect(res.out.split('\n')[0]).toBe('Lien d’invitation — Bénévole, utilisations illimitées, sans date d’expiration :');
		const link = linkIn(res.out);
		expect(link).toMatch(new RegExp(`^${ORIGIN}/rejoindre#[A-Za-z0-9_-]{43}$`));

		const a = await acceptInvitation(ctx(), { token: tokenOf(link), name: 'Paul Bénévole' });
		const b = await acceptInvitation(ctx(), { token: tokenOf(link), name: 'Jeanne Bénévole' });
		expect([a.user.role, b.user.role]).toEqual(['benevole', 'benevole']);
		expect(await sessionFor(ctx(), a.token)).not.toBeNull();
	});

	it('makes a mairie invitation scoped to its communes, with --name=value options', async () => {
		const res = await cli('invite', '--role=mairie', '--communes=61309, 61293', '--uses=2', '--expires=24h', '--label=Mairies du canton');
		expect(res.code, res.err).toBe(0);
		expect(res.out).toContain(
			'Lien d’invitation — Mairie pour Perche en Nocé (61309), Mortagne-au-Perche (61293), 2 utilisations, valable jusqu’au 29/11/2026 14:05 :'
		);
		const store = openStore();
		const [inv] = await store.listInvitations();
		expect(inv).toMatchObject({ role: 'mairie', communes: ['61309', '61293'], maxUses: 2, label: 'Mairies du canton', expiresAt: at(DAY).toISOString() });
		expect(res.out).toContain(`revoke-invitation ${inv?.id}`);

		const joinedMairie = await acceptInvitation(ctx(), { token: tokenOf(linkIn(res.out)), name: 'Mairie de Mortagne' });
		expect(joinedMairie.user).toMatchObject({ role: 'mairie', communes: ['61309', '61293'] });
	});

	it('reads --expires in days (d or j) and hours, and counts uses', async () => {
		const week = await cli('invite', '--role', 'benevole', '--expires', '7d', '--uses', '1');
		expect(week.out).toContain('1 utilisation, valable jusqu’au 05/12/2026 14:05');
		const jours = await cli('invite', '--role', 'benevole', '--expires', '3j');
		expect(jours.out).toContain('valable jusqu’au 01/12/2026 14:05');
		const hours = await cli('invite', '--role', 'benevole', '--expires', '2h');
		expect(hours.out).toContain('valable jusqu’au 28/11/2026 16:05');
		expect(await errorCode(previewInvitation(ctx(at(2 * HOUR + 1)), tokenOf(linkIn(hours.out))))).toBe('token_expired');
	});

	it('draws a QR code of the link after it with --qr, the link still alone on its line', async () => {
		const res = await cli('invite', '--role', 'benevole', '--qr');
		expect(res.code).toBe(0);
		const lines = res.out.split('\n');
		const link = linkIn(res.out);
		expect(lines.indexOf(link)).toBe(1);
		expect(lines.length).toBeGreaterThan(10);
		expect(lines.slice(3).join('')).toMatch(/[▀▄█]/);
	});

	it('gives a coordinator invitation one use and 24 hours, whatever is asked (the server caps it)', async () => {
		const res = await cli('invite', '--role', 'coordinateur');
		expect(res.out).toContain('Coordination, 1 utilisation, valable jusqu’au 29/11/2026 14:05');
		const longer = await cli('invite', '--role', 'coordinateur', '--uses', '3', '--expires', '2d');
		expect(longer.out).toContain('Coordination, 1 utilisation, valable jusqu’au 29/11/2026 14:05');
	});

	it.each<[string[], string, string]>([
		[[], 'Indiquez le rôle : --role benevole, mairie ou coordinateur.', 'Missing role'],
		[['--role', 'admin'], 'Rôle inconnu : « admin ». Rôles possibles : benevole, mairie, coordinateur.', 'Unknown role: "admin"'],
		[['--role', 'mairie'], 'Une invitation mairie doit nommer ses communes : --communes 61309,61293 (codes INSEE).', 'A mairie invitation needs its communes'],
		[['--role', 'benevole', '--communes', '61309'], '--communes ne s’applique qu’au rôle mairie', '--communes only applies to the mairie role'],
		[['--role', 'mairie', '--communes', '6130'], 'Code(s) INSEE invalide(s) : 6130.', 'Invalid INSEE code(s): 6130.'],
		[['--role', 'mairie', '--communes', '61309,abcde,123456'], 'Code(s) INSEE invalide(s) : ABCDE, 123456.', 'Invalid INSEE code(s)'],
		[['--role', 'mairie', '--communes', ','], 'Code(s) INSEE invalide(s)', 'Invalid INSEE code(s)'],
		[['--role', 'benevole', '--uses', '0'], '--uses attend un nombre entier de 1 à 10000 ; reçu « 0 ».', '--uses needs a whole number'],
		[['--role', 'benevole', '--uses', '-1'], '--uses attend un nombre entier de 1 à 10000 ; reçu « -1 ».', ''],
		[['--role', 'benevole', '--uses', '2.5'], 'reçu « 2.5 »', ''],
		[['--role', 'benevole', '--uses', 'beaucoup'], 'reçu « beaucoup »', ''],
		[['--role', 'benevole', '--uses', '10001'], 'reçu « 10001 »', ''],
		[
			['--role', 'benevole', '--expires', '7'],
			'--expires attend une durée comme 7d (jours) ou 24h (heures), de 1 heure à 365 jours ; reçu « 7 ».',
			'--expires needs a duration'
		],
		[['--role', 'benevole', '--expires', '0d'], 'reçu « 0d »', ''],
		[['--role', 'benevole', '--expires', '366d'], 'reçu « 366d »', ''],
		[['--role', 'benevole', '--expires', '2w'], 'reçu « 2w »', ''],
		[['--role', 'benevole', '--label', 'x'.repeat(121)], '--label : 120 caractères au plus.', '--label: 120 characters at most.']
	])('refuses invite %j with exit 2 and creates nothing', async (argv, french, english) => {
		const res = await cli('invite', ...argv);
		expect(res.code).toBe(2);
		expect(res.err).toContain(french);
		expect(res.err).toContain(english);
		expect(res.out).toBe('');
		expect(existsSync(dbFile)).toBe(false);
	});

	it('refuses communes outside the territory with exit 2 and makes no invitation', async () => {
		// The territory is kept in the database: it is opened to read it, nothing is written.
		const res = await cli('invite', '--role', 'mairie', '--communes', '61293,75056');
		expect(res.code).toBe(2);
		expect(res.err).toContain('Commune(s) hors du territoire « Parc naturel régional du Perche (7 communautés de communes) » : 75056.');
		expect(res.err).toContain('outside the territory');
		expect(res.out).toBe('');
		expect(await openStore().listInvitations()).toEqual([]);
	});
});

describe('users', () => {
	// A missing SQLite file in the data folder; on PostgreSQL the database is the server's, never absent.
	it.skipIf(onPostgres)('says when there is no database in the data folder (a wrong ATLAS_DATA_DIR), exit 1', async () => {
		const res = await cli('users');
		expect(res.code).toBe(1);
		expect(res.err).toContain(`Pas de base de données ici : ${dbFile}`);
		expect(res.err).toContain('No database there');
		expect(existsSync(dbFile)).toBe(false);
	});

	it('says when nobody has joined yet', async () => {
		await cli('create-coordinator');
		const res = await cli('users');
		expect(res).toEqual({ code: 0, out: 'Personne pour l’instant. Pour commencer : npm run admin -- create-coordinator', err: '' });
	});

	it('lists name, role, communes, login, last seen, devices, state and id', async () => {
		const claire = await coordinator();
		const mairie = await joined('Mairie de Mortagne', '--role', 'mairie', '--communes', '61293,61309');
		await setPassword(ctx(), mairie.user, { login: 'mairie@mortagne.fr', password: 'un mot de passe long' }, mairie.session.id);
		const paul = await joined('Paul Bénévole', '--role', 'benevole');
		await cli('revoke', paul.user.id);

		const res = await cliAt(at(DAY), 'users');
		expect(res.code).toBe(0);
		const lines = res.out.split('\n');
		expect(lines[0]).toMatch(/^Nom +Rôle +Communes +Identifiant +Dernière visite +Appareils +État +Id$/);
		expect(lines[1]).toMatch(/^-+( +-+){7}$/);
		const row = (name: string) => lines.find((l) => l.startsWith(name)) ?? '';
		expect(row('Claire Coordination')).toMatch(new RegExp(`^Claire Coordination +Coordination +— +— +28/11/2026 14:05 +1 +actif +${claire.user.id}$`));
		expect(row('Mairie de Mortagne')).toMatch(
			new RegExp(`^Mairie de Mortagne +Mairie +61293, 61309 +mairie@mortagne.fr +28/11/2026 14:05 +1 +actif +${mairie.user.id}$`)
		);
		expect(row('Paul Bénévole')).toMatch(new RegExp(`^Paul Bénévole +Bénévole +— +— +28/11/2026 14:05 +0 +révoqué +${paul.user.id}$`));
		expect(lines.at(-1)).toBe('3 personnes');
		// Columns line up: every row has its id where the header has "Id".
		const idColumn = (lines[0] as string).lastIndexOf('Id');
		for (const l of lines.slice(2, 5)) expect(l.slice(idColumn)).toMatch(/^[A-Za-z0-9_-]{16}$/);
	});
});

describe('revoke', () => {
	it("ends the person's sessions at once and records who did it in the audit log", async () => {
		await coordinator();
		const paul = await joined('Paul Bénévole', '--role', 'benevole');
		expect(await sessionFor(ctx(), paul.token)).not.toBeNull();

		const res = await cli('revoke', paul.user.id);
		expect(res).toEqual({ code: 0, out: 'Accès retiré à Paul Bénévole (Bénévole) : 1 session fermée.', err: '' });
		expect(await sessionFor(ctx(), paul.token)).toBeNull();
		const store = openStore();
		expect((await store.getUser(paul.user.id))?.revokedAt).toBe(T0.toISOString());
		const [entry] = await store.listAudit(1);
		expect(entry).toMatchObject({ action: 'user.revoked', actorId: null, target: paul.user.id, detail: { name: 'Paul Bénévole', via: 'cli' } });
	});

	it('finds the person by sign-in name or by a display name nobody else has', async () => {
		await coordinator();
		const mairie = await joined('Mairie de Mortagne', '--role', 'mairie', '--communes', '61293');
		await setPassword(ctx(), mairie.user, { login: 'mairie@mortagne.fr', password: 'un mot de passe long' }, mairie.session.id);
		const second = await signIn(ctx(), { login: 'mairie@mortagne.fr', password: 'un mot de passe long' });
		const res = await cli('revoke', 'Mairie@Mortagne.fr');
		expect(res.out).toBe('Accès retiré à Mairie de Mortagne (Mairie) : 2 sessions fermées.');
		expect(await sessionFor(ctx(), second.token)).toBeNull();

		await joined('Paul Bénévole', '--role', 'benevole');
		expect((await cli('revoke', 'paul bénévole')).out).toBe('Accès retiré à Paul Bénévole (Bénévole) : 1 session fermée.');
		expect((await cli('revoke', 'Paul Bénévole')).out).toBe('Paul Bénévole était déjà révoqué·e ; 0 session fermée.');
	});

	it('refuses an unknown or ambiguous person with exit 1', async () => {
		await coordinator();
		const unknown = await cli('revoke', 'personne');
		expect(unknown.code).toBe(1);
		expect(unknown.err).toContain('Personne inconnue : « personne ». La liste : npm run admin -- users');
		expect(unknown.err).toContain('Unknown person: "personne"');

		const a = await joined('Marie Martin', '--role', 'benevole');
		const b = await joined('Marie Martin', '--role', 'benevole');
		const twice = await cli('revoke', 'Marie Martin');
		expect(twice.code).toBe(1);
		expect(twice.err).toContain('Plusieurs personnes s’appellent « Marie Martin » : donnez l’id');
		expect(twice.err).toContain(a.user.id);
		expect(twice.err).toContain(b.user.id);
		expect(await sessionFor(ctx(), a.token)).not.toBeNull();
	});

	it('warns when no active coordinator is left', async () => {
		const claire = await coordinator();
		const res = await cli('revoke', claire.user.id);
		expect(res.code).toBe(0);
		expect(res.err).toContain('plus aucun compte de coordination actif');
		expect(res.err).toContain('npm run admin -- create-coordinator');
	});
});

describe('reissue', () => {
	it('gives someone who lost access a single-use link to the same account', async () => {
		await coordinator();
		const paul = await joined('Paul Bénévole', '--role', 'benevole');
		const res = await cli('reissue', paul.user.id);
		expect(res.code).toBe(0);
		expect(res.out.split('\n')[0]).toBe('Nouveau lien pour Paul Bénévole (Bénévole), une seule fois, valable jusqu’au 05/12/2026 14:05 :');
		const token = tokenOf(linkIn(res.out));
		const again = await acceptInvitation(ctx(), { token, name: '' });
		expect(again.user.id).toBe(paul.user.id);
		expect(await errorCode(acceptInvitation(ctx(), { token, name: '' }))).toBe('token_used');
		const audit = await openStore().listAudit(10);
		expect(audit.find((e) => e.action === 'user.link_reissued')).toMatchObject({ actorId: null, target: paul.user.id, detail: { via: 'cli' } });
		expect(audit.find((e) => e.action === 'invitation.accepted')).toMatchObject({ actorId: paul.user.id });
	});

	it('says that the link lifts a revocation', async () => {
		await coordinator();
		const paul = await joined('Paul Bénévole', '--role', 'benevole');
		await cli('revoke', paul.user.id);
		const res = await cli('reissue', paul.user.id);
		expect(res.out).toContain('Paul Bénévole est révoqué·e : ce lien lui rendra l’accès.');
		const back = await acceptInvitation(ctx(), { token: tokenOf(linkIn(res.out)), name: '' });
		expect(back.user.revokedAt).toBeNull();
		expect(await sessionFor(ctx(), back.token)).not.toBeNull();
	});

	it('refuses an unknown person with exit 1', async () => {
		await coordinator();
		const res = await cli('reissue', 'inconnu');
		expect(res.code).toBe(1);
		expect(res.err).toContain('Personne inconnue : « inconnu »');
	});
});

describe('invitations', () => {
	it('says when there is none', async () => {
		await cli('create-coordinator');
		expect(await cli('invitations')).toEqual({ code: 0, out: 'Aucune invitation.', err: '' });
	});

	it('lists each invitation with its state: valid, used up, expired, cancelled', async () => {
		await coordinator();
		const open = await cli('invite', '--role', 'benevole', '--label', 'Marché de Mortagne');
		const once = await cli('invite', '--role', 'mairie', '--communes', '61293', '--uses', '1');
		await acceptInvitation(ctx(), { token: tokenOf(linkIn(once.out)), name: 'Mairie de Mortagne' });
		await cli('invite', '--role', 'benevole', '--expires', '1h', '--label', 'Courte');
		const cancelled = await cli('invite', '--role', 'benevole', '--label', 'Annulée');
		const cancelledId = /revoke-invitation (\S+)\)/.exec(cancelled.out)?.[1] as string;
		expect((await cli('revoke-invitation', cancelledId)).out).toBe(`Invitation ${cancelledId} annulée : son lien ne marche plus.`);

		const res = await cliAt(at(2 * HOUR), 'invitations');
		expect(res.code).toBe(0);
		const lines = res.out.split('\n');
		expect(lines[0]).toMatch(/^Id +Rôle +Communes +Libellé +Utilisations +Expire +Créée +État$/);
		const row = (text: string) => lines.find((l) => l.includes(text)) ?? '';
		expect(row('Marché de Mortagne')).toMatch(/Bénévole +— +Marché de Mortagne +0\/∞ +— +28\/11\/2026 14:05 +valable$/);
		expect(row('61293')).toMatch(/Mairie +61293 +— +1\/1 +— +28\/11\/2026 14:05 +épuisée$/);
		expect(row('Courte')).toMatch(/Courte +0\/∞ +28\/11\/2026 15:05 +28\/11\/2026 14:05 +expirée$/);
		expect(row('Annulée')).toMatch(/annulée$/);
		expect(lines.at(-1)).toBe('4 invitations');
		expect(open.code).toBe(0);
	});

	it('cancels an invitation by its id or its link, so the link stops working', async () => {
		await coordinator();
		const res = await cli('invite', '--role', 'benevole');
		const link = linkIn(res.out);
		const byLink = await cli('revoke-invitation', link);
		expect(byLink.code).toBe(0);
		expect(await errorCode(acceptInvitation(ctx(), { token: tokenOf(link), name: 'Trop tard' }))).toBe('token_revoked');
		const id = /revoke-invitation (\S+)\)/.exec(res.out)?.[1] as string;
		expect((await cli('revoke-invitation', id)).out).toBe(`Invitation ${id} déjà annulée.`);

		const unknown = await cli('revoke-invitation', 'nimporte');
		expect(unknown.code).toBe(1);
		expect(unknown.err).toContain('Invitation inconnue : « nimporte »');
		expect(unknown.err).toContain('Unknown invitation');
	});
});

describe('export', () => {
	const claireUser = {
		id: 'claire',
		name: 'Claire',
		role: 'coordinateur' as const,
		communes: [],
		login: null,
		passwordHash: null,
		createdAt: T0.toISOString(),
		lastSeenAt: null,
		revokedAt: null
	};

	/** Two sheets: a cider press in Perche en Nocé with a named person, an abattoir in Ceton. */
	async function census() {
		const store = openStore();
		await store.insertUser(claireUser);
		const write = (id: string, fields: object) =>
			store.transaction(() =>
				writeFields(
					store,
					claireUser,
					id,
					new Map(Object.entries(fields).map(([k, v]) => [k as FieldName, { v, hlc: formatHlc(T0.getTime(), 0, 'claire') }])),
					T0.toISOString()
				)
			);
		await write('PressoirPreaux000001', ciderPress({ personName: 'Jeanne Duval', personPhone: '06 12 34 56 78' }));
		await write('AbattoirCeton0000001', poultryAbattoir());
		return store;
	}

	it('writes the census to a file, filtered, without private data and without an audit entry', async () => {
		const store = await census();
		const out = join(dir, 'atlas.csv');
		const res = await cli('export', '--format', 'csv-plain', '--out', out, '--commune', '61309,61079', '--category=pressoir');
		expect(res.code, res.err).toBe(0);
		expect(res.out).toMatch(new RegExp(`^Export écrit : ${out} \\(1 fiche, \\d+ (o|ko)\\)\\.$`));
		const records = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
		expect(records.map((r) => r.id)).toEqual(['PressoirPreaux000001']);
		expect(records[0]).toMatchObject({ category: 'pressoir', commune_insee: '61309', commune: 'Perche en Nocé' });
		expect(Object.keys(records[0]!)).not.toContain('person_phone');
		expect(await store.listAudit(10)).toEqual([]);
		expect(readdirSync(dir).filter((f) => f.includes('.part-'))).toEqual([]);
	});

	it('with --with-private, includes the named persons and writes the export in the audit log, by the operator', async () => {
		const store = await census();
		const out = join(dir, 'atlas.xlsx');
		const res = await cli('export', '--format', 'xlsx', '--with-private', '--out', out);
		expect(res.code, res.err).toBe(0);
		expect(res.out).toContain('Export écrit : ');
		expect(res.out).toContain('2 fiches');
		expect(res.out).toContain('inscrit au journal');
		const book = new ExcelJS.Workbook();
		await book.xlsx.readFile(out);
		const sheet = book.getWorksheet('Outils')!;
		const headers = (sheet.getRow(1).values as unknown[]).slice(1);
		const phone = headers.indexOf('Téléphone de la personne') + 1;
		expect(phone).toBeGreaterThan(0);
		expect([2, 3].map((r) => sheet.getRow(r).getCell(phone).value)).toContain('06 12 34 56 78');
		const [entry] = await store.listAudit(1);
		expect(entry).toMatchObject({ actorId: null, action: 'export.private', ip: null, detail: { format: 'xlsx', filter: '', via: 'cli' } });
	});

	it.each<[string[], string]>([
		[['export', '--out', 'x.csv'], 'Indiquez le format'],
		[['export', '--format', 'pdf', '--out', 'x.csv'], 'Format inconnu : « pdf »'],
		[['export', '--format', 'csv'], 'Indiquez le fichier à écrire'],
		[['export', '--format', 'csv', '--out', 'x.csv', '--category', 'tracteur'], 'Filtre inconnu du recensement : --category « tracteur »'],
		[['export', '--format', 'csv', '--out', 'x.csv', '--commune', '123'], 'Filtre inconnu du recensement : --commune « 123 »'],
		[['export', '--format', 'photos', '--out', 'x.zip', '--with-private'], 'ne s’applique pas aux photos']
	])('refuses %j with exit 2, writing nothing', async (argv, message) => {
		const res = await cli(...argv);
		expect(res.code).toBe(2);
		expect(res.err).toContain(message);
		expect(existsSync(dbFile)).toBe(false);
	});

	it('fails (exit 1) when the folder of the file does not exist', async () => {
		await census();
		const res = await cli('export', '--format', 'csv', '--out', join(dir, 'nowhere', 'atlas.csv'));
		expect(res.code).toBe(1);
		expect(res.err).toContain('Ce dossier n’existe pas');
	});
});

// Builds into build/cli, which the `sqlite` run of this file builds at the same moment: run once, there.
describe.skipIf(onPostgres)('the built bundle', () => {
	const bundle = join(process.cwd(), 'build', 'cli', 'main.js');
	beforeAll(() => {
		execSync('npx vite build -c vite.cli.config.ts', { cwd: process.cwd(), stdio: 'pipe' });
	}, 180_000);

	it('runs under plain Node: help, a bad command, an invitation and an export on a data folder', () => {
		expect(existsSync(bundle)).toBe(true);
		const env = { ...process.env, ATLAS_DATA_DIR: dir, ORIGIN, ATLAS_LANG: 'fr' }; // French whatever the terminal's LANG
		const node = (...args: string[]) => spawnSync(process.execPath, [bundle, ...args], { env, encoding: 'utf8' });

		const help = node('help');
		expect(help.status).toBe(0);
		expect(help.stdout).toContain('Usage : npm run admin -- <commande> [options]');

		const bad = node('frobnicate');
		expect(bad.status).toBe(2);
		expect(bad.stderr).toContain('Commande inconnue : « frobnicate ».');

		const invite = node('invite', '--role', 'benevole');
		expect(invite.status, invite.stderr).toBe(0);
		expect(invite.stdout).toMatch(new RegExp(`^${ORIGIN}/rejoindre#[A-Za-z0-9_-]{43}$`, 'm'));
		expect(existsSync(dbFile)).toBe(true);

		// The export writers' dependencies (yazl) load under plain Node too.
		const exported = node('export', '--format', 'xlsx', '--out', join(dir, 'atlas.xlsx'));
		expect(exported.status, exported.stderr).toBe(0);
		expect(exported.stdout).toContain('0 fiche');
		expect(existsSync(join(dir, 'atlas.xlsx'))).toBe(true);
	});
});
