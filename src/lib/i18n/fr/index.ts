/** The French catalogue, assembled from one file per area (so areas can grow apart). */
import { vocab } from './vocab';
import { app } from './app';
import { sheets } from './sheets';
import { territory } from './territory';
import { device } from './device';
import { backup } from './backup';
import { accounts } from './accounts';
import { cli } from './cli';
import { team } from './team';
import { join } from './join';
import { sync } from './sync';
import { review } from './review';
import { reviewScreen } from './review-screen';
import { print } from './print';
import { history } from './history';
import { mapServer } from './map-server';
import { map } from './map';
import { mapOffline } from './map-offline';
import { mapPicker } from './map-picker';
import { census } from './census';
import { exports } from './exports';
import { coverage } from './coverage';
import { duplicates } from './duplicates';
import { territoryConfig } from './territory-config';
import { merge } from './merge';
import { adminBackup } from './admin-backup';
import { adminCopy } from './admin-copy';
import { quality } from './quality';
import { a11y } from './a11y';
import { locale } from './locale';
import { guides } from './guides';
import { syncLine } from './sync-line';
import { finish } from './finish';
import { fit } from './fit';
import { homes } from './homes';
import { polish } from './polish';
import { form } from './form';
import { restoreCore } from './restore-core';
import { bisect } from './bisect';
import { signin } from './signin';
import { photos } from './photos';
import { apiClient } from './api-client';

export const fr = {
	...vocab,
	...app,
	...sheets,
	...territory,
	...device,
	...backup,
	...accounts,
	...cli,
	...team,
	...join,
	...sync,
	...review,
	...print,
	...history,
	...mapServer,
	...map,
	...mapOffline,
	...mapPicker,
	...census,
	...exports,
	...coverage,
	...duplicates,
	...territoryConfig,
	...merge,
	...adminBackup,
	...adminCopy,
	...quality,
	...a11y,
	...locale,
	...guides,
	...reviewScreen,
	...syncLine,
	...finish,
	...fit,
	...homes,
	...polish,
	...form,
	...restoreCore,
	...bisect,
	...signin,
	...photos,
	...apiClient
} as const;
