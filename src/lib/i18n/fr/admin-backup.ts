/** admin-backup: French texts — `npm run admin -- backup` and `restore`. */
export const adminBackup = {
	'cli.backup.usage': `Sauvegarde et restauration :
  backup DOSSIER
      Sauvegarde complète, possible pendant que le serveur tourne et écrit : copie cohérente de la
      base (sauvegarde en ligne de SQLite), photos vérifiées une à une, réglages du territoire.
      DOSSIER est créé ; il ne doit pas exister (une sauvegarde n’en écrase jamais une autre).
      Exemple : npm run admin -- backup /sauvegardes/atlas-$(date +%F)
  restore DOSSIER
      Remet une sauvegarde en place, le serveur arrêté : vérifie d’abord la base (PRAGMA
      integrity_check) et chaque photo, garde l’ancien dossier de données à côté
      (<données>.avant-restauration-<date>), puis copie la sauvegarde à sa place.`,

	'cli.backup.error.target_missing': 'Indiquez le dossier à créer pour la sauvegarde, par exemple : npm run admin -- backup /sauvegardes/atlas-2026-11-28',
	'cli.backup.error.exists':
		'Refusé : « {path} » existe déjà. Une sauvegarde n’en écrase jamais une autre : choisissez un nouveau nom (avec la date, par exemple).',
	'cli.backup.error.folder_missing': 'Le dossier où écrire la sauvegarde n’existe pas : {folder}',
	'cli.backup.error.integrity': 'La copie de la base est abîmée (contrôle d’intégrité : {message}). Aucune sauvegarde n’a été écrite.',
	'cli.backup.warning.photos_missing':
		'Attention : {count} photo(s) enregistrée(s) sont absentes ou abîmées dans {dir} ; la sauvegarde est faite sans elles (par exemple {shas}).',
	'cli.backup.done': 'Sauvegarde écrite : {path}',
	'cli.backup.summary': '{size} — {sheets}, {photos}.',
	'cli.backup.hint': 'Pour la remettre en place : arrêtez le serveur, puis npm run admin -- restore {path}',
	'cli.backup.sheets.one': '{count} fiche',
	'cli.backup.sheets.other': '{count} fiches',
	'cli.backup.photos.one': '{count} photo',
	'cli.backup.photos.other': '{count} photos',

	'cli.restore.error.source_missing': 'Indiquez la sauvegarde à remettre en place, par exemple : npm run admin -- restore /sauvegardes/atlas-2026-11-28',
	'cli.restore.error.not_backup': '« {path} » n’est pas une sauvegarde de l’Atlas : il n’y a pas de fichier atlas.sqlite dedans.',
	'cli.restore.error.damaged': 'La sauvegarde est abîmée ({message}). Rien n’a été changé.',
	'cli.restore.error.too_new':
		'Cette sauvegarde vient d’une version plus récente de l’application (base au schéma {found}, celle-ci s’arrête au schéma {known}) : mettez l’application à jour, puis recommencez. Rien n’a été changé.',
	'cli.restore.error.photos': '{count} photo(s) de la sauvegarde sont absentes ou abîmées (par exemple {shas}). Rien n’a été changé.',
	'cli.restore.error.server_running': 'Le serveur utilise encore la base {file}. Arrêtez-le d’abord, puis relancez la restauration. Rien n’a été changé.',
	'cli.restore.error.same_folder': 'Cette sauvegarde est le dossier de données lui-même : rien à restaurer.',
	'cli.restore.error.move_failed':
		'Impossible de mettre l’ancien dossier de données de côté ({message}). Déplacez {dataDir} vous-même, puis relancez. Rien n’a été changé.',
	'cli.restore.done': 'Sauvegarde remise en place dans {dataDir} : {sheets}, {photos}.',
	'cli.restore.kept': 'L’ancien dossier de données est gardé tel quel : {old}',
	'cli.restore.dated':
		'La base revient à l’état du {date}. Démarrez le serveur (npm start) : à leur prochaine synchronisation, les téléphones renverront d’eux-mêmes ce qu’ils avaient envoyé depuis.'
} as const;
