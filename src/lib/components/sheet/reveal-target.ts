/**
 * Scroll to the element a link's #fragment names once it is drawn. The sheet form draws its
 * sections after reading the sheet and loading their code, so at navigation time the router finds
 * no such element yet (a link « Compléter plus tard : Photos » must still land on « Photos »).
 * Gives up after a few seconds; returns a function that stops waiting (when the page is left).
 */
export function revealWhenDrawn(hash: string, giveUpMs = 5000): () => void {
	const id = decodeURIComponent(hash.replace(/^#/, ''));
	if (!id) return () => undefined;
	const reveal = (): boolean => {
		const target = document.getElementById(id);
		if (!target) return false;
		// html's scroll-padding keeps it clear of the sticky bars.
		target.scrollIntoView({ block: 'start' });
		return true;
	};
	if (reveal()) return () => undefined;
	const observer = new MutationObserver(() => {
		if (reveal()) stop();
	});
	const timer = setTimeout(stop, giveUpMs);
	function stop(): void {
		observer.disconnect();
		clearTimeout(timer);
	}
	observer.observe(document.body, { childList: true, subtree: true });
	return stop;
}
