/** The coordination's settings: the age at which a sheet is to be checked again. */
import { SettingsSchema, type Settings } from '$lib/schemas/settings';
import { request } from './client';

export function fetchSettings(): Promise<Settings> {
	return request('GET', '/api/settings', { schema: SettingsSchema });
}

export function saveSettings(body: Settings): Promise<Settings> {
	return request('POST', '/api/settings', { schema: SettingsSchema, body });
}
