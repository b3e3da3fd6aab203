import type { fit as fr } from '../fr/fit';

/** English, same keys as ../fr/fit.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const fit: { [K in keyof typeof fr]: string } = {
	'scrollbox.cue': 'The table is wider than the screen: swipe it to the left to see the rest.',
	'census.table.region': 'Table of the census sheets',
	'scrollbox.cue_end': 'The table is wider than the screen: swipe it to the right to go back to the start.',

	'team.address.title': 'Phones cannot open the links yet',
	'team.address.loopback':
		'The server does not know its public address: invitation links and QR codes lead to {origin}, an address that only works on the computer running the server. A phone that opens them will find nothing.',
	'team.address.insecure':
		'The links lead to {origin}, an address without "https". Phones will open it, but the app cannot be installed there or work without network.',
	'team.address.fix':
		'To fix it: whoever installed the server sets its public https address in the ORIGIN variable (for example ORIGIN=https://atlas.example.org), then restarts the server. The README explains it ("Putting it behind HTTPS").',
	'team.address.title_insecure': 'The links will open, but without offline mode',
	'team.address.link_warning': 'This link leads to {origin}: a phone will not be able to open it. Read the warning at the top of the page.',
	'team.address.show_qr': 'Show the QR code anyway',

	'team.invitation.for_mairie': 'Town hall of {commune}',
	'team.invitation.for_mairie_elided': 'Town hall of {commune}',
	'team.invitation.for_mairie_le': 'Town hall of Le {rest}',
	'team.invitation.for_mairie_les': 'Town hall of Les {rest}',
	'team.invitation.for_mairie_many': 'Town hall for {communes}',
	'team.invitation.for_mairie_any': 'Town hall (commune to be set)',
	'team.invitation.for': 'For: {whom}',
	'team.link.title_whom': 'Invitation link — {whom}',
	'team.link.share_text_whom': 'Here is your link ({whom}) to join the census of the Perche park’s tools:'
};
