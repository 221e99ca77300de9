"""axe-core in the browser tests: ``Audit.check(page, name)`` runs the WCAG 2.1 A and AA rules
on the page as it is and keeps the serious and critical violations; ``Audit.report()`` lists them,
screen by screen: for each element its rule, impact, selector, what to do and its HTML.

axe-core is vendored (``tests/e2e/vendor/axe-core/``, ``make vendor-axe``): nothing is downloaded
at test time. It is evaluated through the DevTools protocol rather than added as a ``<script>``
tag, because the LMS pages' Content-Security-Policy refuses inline scripts (and rightly so).

``ignore`` takes ``{(rule id, CSS selector): reason}``: a violation of that rule on an element
matching that selector is left out. Keep it for what only Wagtail can fix, with its reason.
"""

from collections import defaultdict
from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")

RUN_AXE = r"""async ([tags, impacts, ignored]) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const isIgnored = (rule, target) => {
    if (target.length !== 1) return false;  // inside a frame or a shadow root: never ignored
    const element = document.querySelector(target[0]);
    return element && ignored.some(([id, selector]) => id === rule && element.matches(selector));
  };
  const found = [];
  for (const violation of results.violations) {
    if (!impacts.includes(violation.impact)) continue;
    for (const node of violation.nodes) {
      if (isIgnored(violation.id, node.target)) continue;
      found.push({
        rule: violation.id,
        impact: node.impact || violation.impact,
        target: node.target.flat().join(' >> '),
        html: node.html.replace(/\s+/g, ' ').slice(0, 160),
        help: violation.help,
        summary: (node.failureSummary || '').split('\n').slice(1).join(' ').trim(),
      });
    }
  }
  return found;
}"""


class Audit:
    def __init__(self, ignore=None):
        self.ignore = dict(ignore or {})
        self.found = defaultdict(list)
        self.count = 0

    def check(self, page, name):
        """Run axe on ``page`` and remember its serious and critical WCAG 2.1 AA violations."""
        self.count += 1
        if not page.evaluate("() => typeof window.axe === 'object'"):
            # A statement list as the expression: its value (axe's last one) is thrown away.
            page.evaluate(f"{AXE_JS.read_text(encoding='utf-8')}\n;undefined")
        found = page.evaluate(RUN_AXE, [WCAG_21_AA, list(BLOCKING), [list(key) for key in self.ignore]])
        for violation in found:
            self.found[name].append(violation)

    def report(self):
        lines = []
        for name, violations in self.found.items():
            lines.append(f"{name}:")
            for v in violations:
                lines.append(f"    [{v['impact']}] {v['rule']} at {v['target']}: {v['help']}. {v['summary']}")
                lines.append(f"        {v['html']}")
        return "\n".join(lines)

    def assert_clean(self):
        screens = len(self.found)
        assert not self.found, (
            f"axe-core found serious or critical WCAG 2.1 AA violations on {screens} of {self.count} screens:\n"
            + self.report()
        )
