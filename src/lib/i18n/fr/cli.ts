/**
 * The operator's command line (npm run admin). Errors carry a French line and its English twin:
 * the person at the console may not read French, and scripts may log either.
 */
export const cli = {
	'cli.usage': `Atlas des outils — ligne de commande de l'exploitant / operator command line

Usage : npm run admin -- <commande> [options]
Usage: npm run admin -- <command> [options]

Commandes / Commands:
  create-coordinator [--qr]
      Lien à usage unique qui crée un compte de coordination : lien de première installation si la
      base est vide, sinon invitation coordination valable 24 h.
      One-time link that creates a coordinator account (first-run link on an empty database,
      otherwise a single-use coordinator invitation valid 24 h).
  invite --role benevole|mairie|coordinateur [options]
      Crée une invitation et affiche son lien. / Creates an invitation and prints its link.
      --communes 61309,61293   codes INSEE, obligatoire pour mairie / INSEE codes, required for mairie
      --uses N                 nombre d'utilisations (1 à 10000) ; défaut : illimité
                               number of uses; default: unlimited (coordinateur: 1)
      --expires 7d|24h         validité en jours (d ou j) ou en heures (h) ; défaut : sans limite
                               validity in days or hours; default: none (coordinateur: 24h)
      --label "…"              libellé affiché dans l'équipe / label shown in the team list
      --qr                     affiche aussi un QR code à scanner / also prints a QR code
  users
      Liste les personnes : rôle, communes, identifiant, dernière visite, état, id.
      Lists people: role, communes, login, last seen, state, id.
  revoke <id|identifiant|nom>
      Retire l'accès d'une personne et ferme toutes ses sessions.
      Revokes a person and ends all their sessions.
  reissue <id|identifiant|nom> [--qr]
      Nouveau lien (une fois, 7 jours) pour quelqu'un qui a perdu l'accès : même compte.
      New link (once, 7 days) for someone who lost access: same account.
  invitations
      Liste les invitations et leur état. / Lists invitations and their state.
  revoke-invitation <id|lien>
      Annule une invitation : son lien ne marche plus. / Cancels an invitation.
  export --format {formats} --out FICHIER [--with-private] [filtres]
      Écrit le recensement dans un fichier, comme le téléchargement de l'écran Recensement
      (pour des copies programmées). / Writes the census to a file, as the census screen's
      download does (for scheduled copies).
      csv        CSV pour Excel/LibreOffice en français (« ; », en-têtes et libellés français)
      csv-plain  CSV simple pour les programmes (« , », noms techniques, codes)
      xlsx       classeur Excel avec une feuille « Dictionnaire » / Excel workbook with a dictionary
      geojson    points WGS84 pour QGIS / WGS84 points for QGIS
      photos     ZIP des photos, nommées par fiche / ZIP of the photos, named by sheet
      --with-private           ajoute les coordonnées privées des personnes nommées ; inscrit au
                               journal / adds named persons' private contact data; audited
      --commune 61309,61293    filtres de l'écran Recensement / the census screen's filters:
      --cdc SIREN  --category pressoir,alambic  --condition en_service|a_reparer|hors_service|demonte|none
      --status brouillon|soumis|valide|a_corriger|archive  --mains oui|non|inconnu
      --q "texte"  --reverify (à revérifier / due for a visit)  --deleted (avec les fiches supprimées)
      Exemple / example : npm run admin -- export --format xlsx --out /sauvegardes/atlas.xlsx
  help
      Cette aide. / This help.

Options : --nom valeur ou --nom=valeur. / Options: --name value or --name=value.
Données / data : ATLAS_DATA_DIR (ici / here : {dataDir})
Liens / links : ORIGIN (ici / here : {origin})
Codes de sortie / exit codes : 0 réussi / success, 1 échec / failure, 2 mauvais usage / bad usage
Le lien est seul sur sa ligne / the link is alone on its line : npm run -s admin -- invite --role benevole | grep '^http'`,

	'cli.hint.help': 'Aide / help : npm run admin -- help',

	// ---- bad usage (exit 2) ----
	'cli.error.no_command': 'Aucune commande donnée.\nNo command given.',
	'cli.error.unknown_command': 'Commande inconnue : « {command} ».\nUnknown command: "{command}".',
	'cli.error.unknown_option': 'Option inconnue pour {command} : {option}.\nUnknown option for {command}: {option}.',
	'cli.error.missing_value': 'L’option {option} attend une valeur.\nOption {option} needs a value.',
	'cli.error.flag_value': 'L’option {option} ne prend pas de valeur.\nOption {option} takes no value.',
	'cli.error.repeated_option': 'L’option {option} est donnée deux fois.\nOption {option} is given twice.',
	'cli.error.unexpected_argument': 'Argument en trop : « {arg} ».\nUnexpected argument: "{arg}".',
	'cli.error.role_missing': 'Indiquez le rôle : --role benevole, mairie ou coordinateur.\nMissing role: --role benevole, mairie or coordinateur.',
	'cli.error.role_invalid':
		'Rôle inconnu : « {role} ». Rôles possibles : benevole, mairie, coordinateur.\nUnknown role: "{role}". Roles: benevole, mairie, coordinateur.',
	'cli.error.communes_required':
		'Une invitation mairie doit nommer ses communes : --communes 61309,61293 (codes INSEE).\nA mairie invitation needs its communes: --communes 61309,61293 (INSEE codes).',
	'cli.error.communes_not_mairie':
		'--communes ne s’applique qu’au rôle mairie (les autres rôles couvrent tout le territoire).\n--communes only applies to the mairie role (other roles cover the whole territory).',
	'cli.error.communes_invalid':
		'Code(s) INSEE invalide(s) : {codes}. Un code INSEE a 5 caractères, par exemple 61309 ou 2A004.\nInvalid INSEE code(s): {codes}. An INSEE code has 5 characters, e.g. 61309 or 2A004.',
	'cli.error.communes_unknown': 'Commune(s) hors du territoire « {territory} » : {codes}.\nCommune(s) outside the territory "{territory}": {codes}.',
	'cli.error.uses_invalid': '--uses attend un nombre entier de 1 à 10000 ; reçu « {value} ».\n--uses needs a whole number from 1 to 10000; got "{value}".',
	'cli.error.expires_invalid':
		'--expires attend une durée comme 7d (jours) ou 24h (heures), de 1 heure à 365 jours ; reçu « {value} ».\n--expires needs a duration such as 7d (days) or 24h (hours), from 1 hour to 365 days; got "{value}".',
	'cli.error.label_invalid': '--label : 120 caractères au plus.\n--label: 120 characters at most.',
	'cli.error.user_missing':
		'Indiquez la personne : {command} <id ou identifiant> (la liste : npm run admin -- users).\nMissing person: {command} <id or login> (list: npm run admin -- users).',
	'cli.error.invitation_missing':
		'Indiquez l’invitation : revoke-invitation <id ou lien> (la liste : npm run admin -- invitations).\nMissing invitation: revoke-invitation <id or link> (list: npm run admin -- invitations).',

	'cli.error.format_missing': 'Indiquez le format : --format {first} ou {last}.\nMissing format: --format {first} or {last}.',
	'cli.error.format_invalid': 'Format inconnu : « {format} ». Formats : {list}.\nUnknown format: "{format}". Formats: {list}.',
	'cli.error.out_missing': 'Indiquez le fichier à écrire : --out atlas.csv\nMissing output file: --out atlas.csv',
	'cli.error.filter_invalid': 'Filtre inconnu du recensement : {option} « {value} ».\nNot a census filter value: {option} "{value}".',
	'cli.error.private_photos':
		'--with-private ne s’applique pas aux photos (elles ne contiennent pas de coordonnées).\n--with-private does not apply to photos (they hold no contact data).',

	// ---- failures (exit 1) ----
	'cli.error.out_folder_missing': 'Ce dossier n’existe pas : {folder}\nNo such folder: {folder}',
	'cli.error.out_is_folder': 'C’est un dossier, pas un fichier : {file}\nThis is a folder, not a file: {file}',
	'cli.error.user_unknown': 'Personne inconnue : « {who} ». La liste : npm run admin -- users\nUnknown person: "{who}". List: npm run admin -- users',
	'cli.error.user_ambiguous': 'Plusieurs personnes s’appellent « {who} » : donnez l’id ({ids}).\nSeveral people are named "{who}": give the id ({ids}).',
	'cli.error.invitation_unknown':
		'Invitation inconnue : « {what} ». La liste : npm run admin -- invitations\nUnknown invitation: "{what}". List: npm run admin -- invitations',
	'cli.error.no_database':
		'Pas de base de données ici : {file}\nVérifiez ATLAS_DATA_DIR, ou démarrez l’application (npm start) une première fois.\nNo database there: check ATLAS_DATA_DIR, or start the app (npm start) once.',
	'cli.error.failed': 'Échec : {message}\nFailed: {message}',

	'cli.warning.territory_unavailable':
		'Attention : territoire illisible, les codes INSEE ne sont vérifiés que sur leur forme.\nWarning: territory unreadable, INSEE codes are only checked for their shape.\n{message}',
	'cli.warning.no_coordinator':
		'Attention : plus aucun compte de coordination actif. Pour en créer un : npm run admin -- create-coordinator\nWarning: no active coordinator left. To make one: npm run admin -- create-coordinator',

	// ---- results ----
	'cli.setup.first_run': 'Première installation : ouvrez ce lien pour créer le compte de coordination (une seule fois, valable jusqu’au {date}) :',
	'cli.setup.invitation': 'Des comptes existent déjà : invitation au rôle coordination, une seule fois, valable jusqu’au {date} :',
	'cli.setup.label': 'Coordination (ligne de commande)',
	'cli.invite.header': 'Lien d’invitation — {what}, {uses}, {expires} :',
	'cli.invite.communes': '{role} pour {communes}',
	'cli.invite.uses.unlimited': 'utilisations illimitées',
	'cli.invite.uses.one': '{count} utilisation',
	'cli.invite.uses.other': '{count} utilisations',
	'cli.invite.id': 'Invitation {id} (pour l’annuler : npm run admin -- revoke-invitation {id})',
	'cli.expires.never': 'sans date d’expiration',
	'cli.expires.until': 'valable jusqu’au {date}',
	'cli.reissue.header': 'Nouveau lien pour {name} ({role}), une seule fois, valable jusqu’au {date} :',
	'cli.reissue.revoked_note': '{name} est révoqué·e : ce lien lui rendra l’accès.',
	'cli.revoke.done': 'Accès retiré à {name} ({role}) : {sessions}.',
	'cli.revoke.already': '{name} était déjà révoqué·e ; {sessions}.',
	'cli.revoke.sessions.one': '{count} session fermée',
	'cli.revoke.sessions.other': '{count} sessions fermées',
	'cli.revoke_invitation.done': 'Invitation {id} annulée : son lien ne marche plus.',
	'cli.revoke_invitation.already': 'Invitation {id} déjà annulée.',

	'cli.export.done': 'Export écrit : {file} ({rows}, {size}).',
	'cli.export.rows.one': '{count} fiche',
	'cli.export.rows.other': '{count} fiches',
	'cli.export.private_audited': 'Coordonnées privées incluses : cet export est inscrit au journal.',

	'cli.users.empty': 'Personne pour l’instant. Pour commencer : npm run admin -- create-coordinator',
	'cli.users.count.one': '{count} personne',
	'cli.users.count.other': '{count} personnes',
	'cli.users.col.name': 'Nom',
	'cli.users.col.role': 'Rôle',
	'cli.users.col.communes': 'Communes',
	'cli.users.col.login': 'Identifiant',
	'cli.users.col.last_seen': 'Dernière visite',
	'cli.users.col.devices': 'Appareils',
	'cli.users.col.state': 'État',
	'cli.users.col.id': 'Id',
	'cli.users.state.active': 'actif',
	'cli.users.state.revoked': 'révoqué',
	'cli.never': 'jamais',
	'cli.none': '—',

	'cli.invitations.empty': 'Aucune invitation.',
	'cli.invitations.count.one': '{count} invitation',
	'cli.invitations.count.other': '{count} invitations',
	'cli.invitations.col.id': 'Id',
	'cli.invitations.col.role': 'Rôle',
	'cli.invitations.col.communes': 'Communes',
	'cli.invitations.col.label': 'Libellé',
	'cli.invitations.col.uses': 'Utilisations',
	'cli.invitations.col.expires': 'Expire',
	'cli.invitations.col.created': 'Créée',
	'cli.invitations.col.state': 'État',
	'cli.invitations.for': 'nouveau lien pour {name}',
	'cli.invitations.state.active': 'valable',
	'cli.invitations.state.token_expired': 'expirée',
	'cli.invitations.state.token_used': 'épuisée',
	'cli.invitations.state.token_revoked': 'annulée',
	'cli.invitations.state.token_invalid': 'invalide'
} as const;
