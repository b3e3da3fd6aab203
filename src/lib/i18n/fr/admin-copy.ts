/** admin-copy: French texts — `npm run admin -- copy-to-postgres`, and the SQLite-only commands under DATABASE_URL. */
export const adminCopy = {
	'cli.copy.usage': `Passage à PostgreSQL :
  copy-to-postgres ADRESSE [--resume] [--verify-only]
      Copie tout le recensement du dossier de données (base SQLite, photos, réglages du
      territoire) dans la base PostgreSQL ADRESSE (postgres://…), l’application arrêtée, puis
      vérifie chaque table (nombre de lignes et empreinte SHA-256) et chaque photo.
      --resume        reprend une copie interrompue (la base PostgreSQL n’est plus vide)
      --verify-only   compare seulement les deux bases, sans rien copier
      Exemple : npm run admin -- copy-to-postgres "$DATABASE_URL"
  Avec DATABASE_URL=postgres://…, les autres commandes travaillent sur PostgreSQL ; backup et
  restore ne valent que pour SQLite (pour PostgreSQL : pg_dump et pg_restore).`,

	'cli.copy.error.url_missing': 'Indiquez l’adresse de la base PostgreSQL, par exemple : npm run admin -- copy-to-postgres postgres://atlas@localhost/atlas',
	'cli.copy.error.url_invalid': 'Ce n’est pas une adresse PostgreSQL : elle commence par postgres:// ou postgresql://.',
	'cli.copy.error.flags': '--resume et --verify-only ne vont pas ensemble : --verify-only ne copie rien.',
	'cli.copy.error.server_running': 'L’application utilise encore la base {file}. Arrêtez-la d’abord, puis relancez la copie. Rien n’a été copié.',
	'cli.copy.error.too_new':
		'Cette base vient d’une version plus récente de l’application (schéma {found}, celle-ci s’arrête au schéma {known}) : mettez l’application à jour, puis recommencez. Rien n’a été copié.',
	'cli.copy.error.changed':
		'La base SQLite a changé pendant la copie (version {before} au début, {after} à la fin) : l’application tourne-t-elle encore ? Arrêtez-la, puis relancez avec --resume.',
	'cli.copy.error.unknown_table':
		'Cette version de l’application ne sait pas copier la table {tables} de la base SQLite. Mettez l’application à jour, puis recommencez. Rien n’a été copié.',
	'cli.copy.error.missing_column': 'La base PostgreSQL n’a pas les colonnes {columns} : elle vient d’une autre version de l’application. Rien n’a été copié.',
	'cli.copy.error.connect': 'Impossible d’ouvrir la base PostgreSQL ({message}). Rien n’a été copié.',
	'cli.copy.error.not_empty':
		'La base PostgreSQL n’est pas vide (tables {tables}). Pour reprendre une copie interrompue, ajoutez --resume ; sinon, donnez une base vide. Rien n’a été copié.',
	'cli.copy.error.nul': '{count} valeur(s) contiennent le caractère nul (U+0000), que PostgreSQL ne peut pas enregistrer dans un texte :',
	'cli.copy.error.nul_row': '  table {table}, ligne {key} : {columns}',
	'cli.copy.error.nul_hint': 'Corrigez ces valeurs (dans l’application, ou avec sqlite3 l’application arrêtée), puis relancez. Rien n’a été copié.',
	'cli.copy.error.version_behind': 'Copie incohérente : le compteur de versions ({counter}) est plus petit que la plus grande version de fiche ({max}).',
	'cli.error.postgres_unreachable':
		'La base PostgreSQL {target} ne répond pas ({reason}) : vérifiez DATABASE_URL (adresse, utilisateur, mot de passe) et que le serveur PostgreSQL tourne.',
	'cli.copy.error.sqlite_only':
		'La commande {command} ne vaut que pour la base SQLite, or DATABASE_URL désigne une base PostgreSQL : sauvegardez-la avec pg_dump et restaurez-la avec pg_restore (les photos sont dans la base).',

	'cli.copy.progress.start': 'Copie de {file} vers {target}…',
	'cli.copy.progress.resume': 'Reprise : les tables {tables} ont déjà des lignes, seules les lignes absentes sont ajoutées.',
	'cli.copy.progress.rows': '  {table} : {done} / {total} lignes…',
	'cli.copy.progress.table': '{table} : {total} ligne(s), {added} ajoutée(s)',
	'cli.copy.progress.merged': 'records : {count} fiche(s) fusionnée(s) rattachée(s) à la fiche qui continue',
	'cli.copy.progress.legacy': 'Réglage « {key} » repris du fichier {file}',
	'cli.copy.progress.sequences': 'Numérotation reprise après le dernier identifiant de SQLite : {tables}',
	'cli.copy.progress.photos_some': '  photos : {done} / {total}…',
	'cli.copy.progress.photos': 'photos : {photos} complète(s), {partial} envoi(s) en cours, {bytes} copiés',
	'cli.copy.progress.verify': 'Vérification (nombre de lignes et empreinte de chaque table, octets de chaque photo)…',
	'cli.copy.warning.photos_missing':
		'Attention : {count} photo(s) enregistrée(s) comme complètes n’ont pas de fichier valable dans le dossier photos (par exemple {shas}) ; elles restent illisibles, comme avant la copie.',

	'cli.copy.verify.header': 'table|lignes|empreinte SQLite|empreinte PostgreSQL|ok',
	'cli.copy.verify.yes': 'oui',
	'cli.copy.verify.no': 'NON',
	'cli.copy.verify.photo_bytes': 'octets des photos',

	'cli.copy.summary.mismatch':
		'Vérification ÉCHOUÉE : {count} différence(s) entre SQLite et PostgreSQL ({tables}). Ne démarrez pas l’application sur PostgreSQL : relancez la copie avec --resume, ou recommencez sur une base vide.',
	'cli.copy.summary.verified': 'Vérification réussie en {seconds} s : {tables} tables identiques ({rows} lignes), photos identiques : {photos}.',
	'cli.copy.summary.copied':
		'Copie terminée et vérifiée en {seconds} s : {tables} tables identiques ({rows} lignes, dont {added} ajoutées maintenant), photos : {photos}.',
	'cli.copy.summary.next':
		'Démarrez maintenant l’application avec DATABASE_URL sur cette base (le dossier de données SQLite reste tel quel : ne le remettez plus en service).'
} as const;
