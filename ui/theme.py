"""Fixes over Gradio's default theme so the page passes axe-core (tests/ui/test_browser_a11y.py):
colours that meet WCAG AA contrast, and no scroll region without keyboard access."""

from __future__ import annotations

# Light mode only: the dark theme sets its own values on `.dark`.
CSS = """
:root {
  /* white on orange-500 is 2.8:1; on orange-700 it is 5.2:1 */
  --button-primary-background-fill: var(--primary-700);
  --button-primary-background-fill-hover: var(--primary-800);
  /* white on red-500 is 3.8:1; on red-700 it is 6.5:1 */
  --button-cancel-background-fill: #b91c1c;
  --button-cancel-background-fill-hover: #991b1b;
  /* slider bounds and the footer links: #bbbbc2 on white is 1.9:1 */
  --body-text-color-subdued: var(--neutral-600);
}
/* a one-line label: while its text loads, Gradio's pending state made it a scroll region
   with nothing to focus in it (axe-core's scrollable-region-focusable) */
#follow-ups-label { overflow: visible !important; }
"""
