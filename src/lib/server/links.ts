/** Links handed to people, and their QR codes. The secret travels in the fragment (#), which
 * browsers never send to a server nor put in a Referer, so it stays out of logs. */
import QRCode from 'qrcode';

export function joinLink(origin: string, token: string): string {
	return `${origin}/rejoindre#${token}`;
}

export function setupLink(origin: string, token: string): string {
	return `${origin}/bienvenue#${token}`;
}

/** An SVG QR code of `text` (error correction M: readable on a phone screen or on paper). */
export function qrSvg(text: string): Promise<string> {
	return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
