"""The fictitious Practical Element content of the programs, in the shape of ce.content.CURRICULUM
(group name, category codes, modules), loaded by ce.demo.load_content for each CE year. A group
has no categories: programs.selectors.ce_group_ids adds it to a participant's plan by name."""

MQP_GROUP = "MQP Practical Element"
AG_EVEP_GROUP = "AG EVEP Practical Element"
IAR_EVEP_GROUP = "IAR EVEP Practical Element"


def _module(title, summary, topic):
    return (title, summary, 15, [
        ("Why this still matters", f"<p>Out of a registration, you keep your qualification current. {topic}</p>"),
        ("A case to think about",
         "<blockquote>A former representative of the fictitious Brightwater Securities returns to the "
         "industry after three years away and finds the rules have moved on.</blockquote><p>Annual practical "
         "learning is what keeps the gap small.</p>"),
        ("What to do next", "<p>Keep your residential address current, finish each year's plan by its due "
                            "date, and pay the annual fee.</p><ul><li>Check your plan's due date.</li>"
                            "<li>Complete every module.</li></ul>"),
    ], [
        ("What keeps a qualification valid while you are in the program?",
         ["Nothing: it stays valid on its own", "Completing each year's CE and paying the annual fee",
          "Registering with a firm once a year", "Taking the exam again"], 1,
         "Annual CE and the annual fee keep the qualification in the program, for up to five years."),
        ("When does participation end at the latest?",
         ["After one year", "Five years after the termination", "Never", "When you change address"], 1,
         "The program keeps a qualification for at most five years after the termination."),
    ])


PRACTICAL_ELEMENT = [
    (MQP_GROUP, [], [
        _module("Practical Element: market practice refresher",
                "Recent changes in sales practice and supervision, for those out of a registration.",
                "Rules on sales practice change every year."),
    ]),
    (AG_EVEP_GROUP, [], [
        _module("Practical Element: state securities law today",
                "What changed in state registration and agent conduct rules.",
                "State rules on agents change too."),
    ]),
    (IAR_EVEP_GROUP, [], [
        _module("Practical Element: advice in practice",
                "Fiduciary practice and disclosure for investment adviser representatives.",
                "Adviser rules move on."),
    ]),
]
