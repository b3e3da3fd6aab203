/** A QR code drawn with block characters, to scan a link straight from the terminal. */
import QRCode from 'qrcode';

export async function terminalQr(text: string): Promise<string> {
	return (await QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })).trimEnd();
}
