import type { guides as fr } from '../fr/guides';

/** English, same keys as ../fr/guides.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const guides: { [K in keyof typeof fr]: string } = {
	'howto.title': 'How does it work?',
	'howto.lead': 'Two short guides, with the app’s screens, to read here or to print.',
	'howto.link': 'How does it work?',
	'howto.benevole': 'Volunteer’s guide',
	'howto.mairie': 'Town hall’s guide',

	'guide.print': 'Print this guide',
	'guide.print_hint': 'On one A4 sheet, to keep at hand.',
	'guide.help': 'A question? Ask the person who invited you to the Atlas.',
	'guide.other.benevole': 'Do you review sheets for a town hall? Read the town hall’s guide.',
	'guide.other.mairie': 'Do you survey tools in the field? Read the volunteer’s guide.',

	'guide.benevole.title': 'Volunteer’s guide',
	'guide.benevole.lead':
		'Surveying a tool with your phone, in seven steps. The Atlas works without signal too: what you write stays on the phone until it can be sent.',
	'guide.benevole.join.title': 'Join the team',
	'guide.benevole.join.body': 'Open the link the coordination sent you, or scan its QR code with the phone’s camera. Write your name, then tap “{join}”.',
	'guide.benevole.join.alt': 'The screen to join the team, with the name written and the “{join}” button.',
	'guide.benevole.install.title': 'Put the Atlas on your home screen',
	'guide.benevole.install.body':
		'In the browser’s menu (the three dots ⋮, or the Share button on an iPhone), choose “Add to Home screen”. The Atlas then opens from its icon, like an app, even without signal.',
	'guide.benevole.install.alt': 'The “{sheets}” screen, still empty, as it opens from the icon.',
	'guide.benevole.new.title': 'Start a sheet',
	'guide.benevole.new.body': 'In front of the tool, tap “{new}” at the bottom of the screen, then the kind of tool: fruit press, mill, oven, kitchen…',
	'guide.benevole.new.alt': 'The list of kinds of tools, grouped by family.',
	'guide.benevole.fill.title': 'Write what you know',
	'guide.benevole.fill.body':
		'The tool’s name and its commune first. On site, tap “{gps}” to record the exact place, then “{photo}”. What you do not know can stay empty. Everything is kept on the phone as you write.',
	'guide.benevole.fill.alt': 'A sheet being written: the commune and the GPS point taken on site.',
	'guide.benevole.finish.title': 'Finish the sheet',
	'guide.benevole.finish.body':
		'When you are done, tap “{finish}” at the bottom of the sheet. It then goes to the town hall of the commune, which will review it.',
	'guide.benevole.finish.alt': 'The screen after “{finish}”.',
	'guide.benevole.offline.title': 'Without signal, nothing is lost',
	'guide.benevole.offline.body':
		'Without signal, the sheet stays on the phone and leaves by itself when the network comes back. At the top of “{sheets}”, a line says what waits to be sent. With signal, “{sync}” sends it at once.',
	'guide.benevole.offline.alt': '“{sheets}” without signal: a sheet waits to be sent.',
	'guide.benevole.fix.title': 'A sheet comes back “{toFix}”',
	'guide.benevole.fix.body':
		'If the town hall sends a sheet back to you, its message is at the top of the sheet. Tap “{edit}”, correct what it asks, then tap “{resend}”.',
	'guide.benevole.fix.alt': 'A sheet sent back by the town hall, with its message at the top.',

	'guide.mairie.title': 'Town hall’s guide',
	'guide.mairie.lead':
		'Reviewing the sheets of the tools of your commune, in six steps. Volunteers survey the tools; the town hall checks that what is written is right.',
	'guide.mairie.join.title': 'Join the Atlas',
	'guide.mairie.join.body':
		'Open the link the coordination sent you, on the phone or on the town hall’s computer. Write the name the team will see, for example “Mairie de Nocé”, then tap “{join}”.',
	'guide.mairie.join.alt': 'The screen to join the Atlas, with the town hall’s name written.',
	'guide.mairie.commune.title': 'The sheets of your commune',
	'guide.mairie.commune.body':
		'“{commune}” shows the sheets of the tools of your commune. Those waiting for your review come first; the number on the tab says how many there are.',
	'guide.mairie.commune.alt': '“{commune}”: a sheet waits to be reviewed.',
	'guide.mairie.read.title': 'Read the sheet',
	'guide.mairie.read.body': 'Tap a sheet to open it. Read what the volunteer wrote: the tool, the place, its condition, the photos. Your decision comes below.',
	'guide.mairie.read.alt': 'An open sheet, as the town hall reads it.',
	'guide.mairie.decide.title': 'Validate, or send back for correction',
	'guide.mairie.decide.body':
		'If everything is right, tap “{validate}”. If something is missing or wrong, tap “{sendBack}” and write what needs correcting: the volunteer will see your message at the top of the sheet.',
	'guide.mairie.decide.alt': 'The message to write to the volunteer before sending the sheet back.',
	'guide.mairie.changes.title': 'What changed is highlighted',
	'guide.mairie.changes.body':
		'Once the volunteer has corrected it, the sheet comes back among those to review. What changed since your last decision is highlighted: no need to read it all again.',
	'guide.mairie.changes.alt': 'The corrected sheet, back at the town hall.',
	'guide.mairie.print.title': 'Print the summary',
	'guide.mairie.print.body':
		'At the bottom of “{commune}”, the “Print the summary” button gives the list of the commune’s tools on one A4 sheet, for the council meeting.',
	'guide.mairie.print.alt': 'The summary of the commune’s tools, ready to print.'
};
