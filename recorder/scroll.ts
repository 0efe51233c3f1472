// The deepest point each page view reaches, as a share of the document height.
// Read at most once per animation frame: scroll events fire far more often.
export function trackScrollDepth(currentPv: () => number, onDepth: (pv: number, depth: number, ts: number) => void): () => void {
  let frame = 0;
  const measure = () => {
    frame = 0;
    const doc = document.documentElement;
    const height = Math.max(doc.scrollHeight, 1);
    const depth = Math.min(1, (scrollY + innerHeight) / height);
    if (currentPv() >= 0) onDepth(currentPv(), Math.round(depth * 1000) / 1000, Date.now());
  };
  const onScroll = () => {
    if (!frame) frame = requestAnimationFrame(measure);
  };
  addEventListener('scroll', onScroll, { passive: true });
  measure();
  return () => {
    removeEventListener('scroll', onScroll);
    cancelAnimationFrame(frame);
  };
}
