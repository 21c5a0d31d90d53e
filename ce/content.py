"""The fictitious Regulatory Element curriculum `seed_demo` loads (and tests reuse): four
category groups, three modules each, every module with three or more pages and a knowledge
check of three questions. Every firm, person and case in it is invented."""

# group name, category codes, modules
# module: (title, summary, minutes, pages [(title, html)], questions [(prompt, [options], right index, explanation)])
CURRICULUM = [
    ("Core for all registered persons", ["GS", "IR", "DR", "IB", "TD", "OS", "RS"], [
        ("Know your customer, then and now",
         "How a customer's profile shapes every recommendation, and what to do when it changes.", 20, [
             ("Why the profile matters",
              "<p>Every recommendation starts from the customer's investment profile: age, other investments, "
              "financial situation and needs, tax status, investment objectives, experience, time horizon, "
              "liquidity needs and risk tolerance.</p><p>A profile is not paperwork filed once at account "
              "opening. It is the reason a recommendation is or is not in the customer's best interest.</p>"),
             ("When life changes",
              "<p>Marriage, retirement, a new job, a death in the family: each can change a customer's "
              "needs overnight.</p><blockquote>At Lakeview Harbor Securities (a fictitious firm), a "
              "representative noticed that a long-time customer had started asking about monthly income. "
              "A short conversation revealed a planned retirement in six months.</blockquote><p>Update the "
              "profile first, then revisit the recommendations that depended on it.</p>"),
             ("Documenting what you learned",
              "<p>Write down what changed, when you learned it and what you did about it. Notes made at the "
              "time are worth far more than recollections made during an examination.</p><ul><li>Record the "
              "date and the source.</li><li>Record the customer's own words where they matter.</li>"
              "<li>Follow your firm's procedures for updating the account record.</li></ul>"),
         ], [
             ("A customer tells you she will retire in six months. What should you do first?",
              ["Keep the current strategy until the next annual review",
               "Update her investment profile and review recommendations that relied on it",
               "Move all of her holdings to cash", "Ask her to open a new account"], 1,
              "A change in circumstances changes the profile, and the profile is the basis of every "
              "recommendation. Update it first, then review."),
             ("Which of these is part of a customer's investment profile?",
              ["The customer's favourite brand", "The customer's liquidity needs",
               "The representative's sales goals", "The branch's production ranking"], 1,
              "Liquidity needs are one of the profile factors; sales goals and rankings are not about the customer."),
             ("Why make notes at the time you learn of a change?",
              ["They are required to be handwritten", "They replace the account form",
               "They are reliable evidence of what you knew and did, and when",
               "They let you skip the firm's procedures"], 2,
              "Contemporaneous notes show what you knew and when; they support, not replace, the firm's procedures."),
         ]),
        ("Recognising and reporting financial exploitation",
         "Signs that a senior or vulnerable customer is being exploited, and the tools firms have.", 25, [
             ("What exploitation looks like",
              "<p>Financial exploitation of seniors often starts small: an unusual withdrawal, a new "
              "'friend' on calls, a sudden change of beneficiary.</p><p>Representatives are often the first "
              "to notice because they know the customer's habits.</p>"),
             ("The trusted contact person",
              "<p>Firms ask customers for a trusted contact person: someone the firm may contact about the "
              "account, for example to confirm the customer's health or to ask whether someone is "
              "exploiting them.</p><p>A trusted contact is not authorised to trade and cannot see the "
              "account unless the customer separately allows it.</p>"),
             ("Temporary holds and escalation",
              "<p>When a firm reasonably believes exploitation is happening, its rules may allow a temporary "
              "hold on a disbursement while it investigates.</p><p>Do not act alone: escalate to your "
              "supervisor or the person your firm designates, and record what you saw.</p>"),
             ("A case to think about",
              "<blockquote>Mrs. Alvarez, 82, a customer of the fictitious Tidewater Capital, asks to wire "
              "$40,000 to a person she met online who 'needs help with customs fees'.</blockquote><p>The "
              "representative calls the trusted contact, escalates to the supervisor, and the firm places a "
              "temporary hold while it looks into the request.</p>"),
         ], [
             ("What may a trusted contact person do?",
              ["Place trades for the customer", "Be contacted by the firm about concerns on the account",
               "Withdraw money in an emergency", "Change the account's beneficiaries"], 1,
              "A trusted contact may be contacted by the firm; they have no authority over the account."),
             ("You suspect a senior customer is being exploited. What is the right next step?",
              ["Refuse all of the customer's requests from now on", "Say nothing unless you are certain",
               "Escalate under your firm's procedures and record what you observed",
               "Call the person receiving the money"], 2,
              "Escalation under the firm's procedures, with notes, is what lets the firm use its tools properly."),
             ("Which of these is a common warning sign?",
              ["A customer who reviews statements carefully", "A sudden change of beneficiary after a new relationship",
               "A customer who asks about fees", "Regular, expected monthly withdrawals"], 1,
              "A sudden beneficiary change tied to a new relationship is a classic warning sign."),
         ]),
        ("Cybersecurity and protecting customer information",
         "Phishing, account takeover and what a representative does to protect customer data.", 20, [
             ("How account takeovers happen",
              "<p>Most account takeovers begin with stolen credentials or a convincing phone call. The "
              "attacker then changes the email or address on the account and requests a transfer.</p>"),
             ("Verifying instructions",
              "<p>Verify any instruction to move money that arrives by email, especially when it is urgent "
              "or changes where the money goes. Call the customer at a number already on file, never at the "
              "number in the message.</p>"),
             ("Your own accounts",
              "<p>Use multi-factor authentication, never share passwords, and report a lost device at "
              "once. Your access is a key to every customer you serve.</p><ul><li>Lock your screen.</li>"
              "<li>Do not forward customer data to personal email.</li><li>Report suspected phishing "
              "through your firm's channel.</li></ul>"),
         ], [
             ("An email from a customer asks you to wire funds to a new bank today. What do you do?",
              ["Wire the funds; the customer is in a hurry",
               "Call the customer at the number on file to confirm the instruction",
               "Reply to the email asking if it is really them", "Call the number in the email's signature"], 1,
              "Confirm through a channel you already trust; the email and its phone number may be the attacker's."),
             ("Which protects your own FinPro and firm accounts best?",
              ["A password you share only with your assistant", "Multi-factor authentication",
               "Writing the password on a note", "Using the same password everywhere"], 1,
              "Multi-factor authentication stops most attacks that rely on stolen passwords."),
             ("Where should suspected phishing go?",
              ["Nowhere; delete it", "To the customer", "To your firm's reporting channel", "To social media"], 2,
              "Reporting lets the firm warn others and block the sender."),
         ]),
    ]),
    ("Principals and supervisors", ["GP", "IP", "FN", "FI", "MP", "CR", "OP"], [
        ("Supervising remotely",
         "Keeping supervision effective when representatives work from home or small offices.", 25, [
             ("What changes when people are remote",
              "<p>Supervision is about reasonable design and real follow-through, wherever people sit. "
              "Remote work changes the tools, not the duty.</p>"),
             ("Risk-based reviews",
              "<p>Focus reviews where risk is highest: new representatives, complex products, customers who "
              "are seniors, and patterns in surveillance alerts.</p>"),
             ("Documenting supervision",
              "<p>Record what was reviewed, by whom, when, and what was done about exceptions. An alert "
              "closed without a note is an alert that, for an examiner, was never reviewed.</p>"),
         ], [
             ("What changes about the duty to supervise for remote staff?",
              ["It no longer applies", "The duty is the same; the tools and methods adapt",
               "It applies only to new staff", "It moves to the representative"], 1,
              "The duty to supervise is unchanged; the methods are adapted to where people work."),
             ("Which review should get the most attention?",
              ["A long-tenured representative with no alerts", "A new representative selling complex products",
               "An office that closed last year", "A representative on leave"], 1,
              "Risk-based supervision directs attention where the risk is highest."),
             ("An alert was reviewed but closed without notes. What is the problem?",
              ["None", "There is no evidence of what was reviewed or why it was closed",
               "Alerts should never be closed", "Notes are only for the representative"], 1,
              "Without a record, the review cannot be shown to have happened."),
         ]),
        ("Outside activities and private transactions",
         "Reviewing outside business activities and private securities transactions.", 20, [
             ("Notice comes first",
              "<p>Representatives give their firm prior written notice of outside business activities. The "
              "firm then assesses whether the activity interferes with their duties or could be seen by "
              "customers as part of the firm's business.</p>"),
             ("Private securities transactions",
              "<p>Selling securities away from the firm needs notice, and when the representative is paid, "
              "the firm's written approval and supervision as if the trade were its own.</p>"),
             ("Red flags",
              "<p>Customers paying a representative directly, an LLC with an investment name, marketing that "
              "promises guaranteed returns: each is worth a question.</p>"),
         ], [
             ("When must a representative tell the firm about an outside business activity?",
              ["After a year", "Only if paid", "Before starting it, in writing", "Never"], 2,
              "Prior written notice lets the firm assess the activity before it begins."),
             ("A paid private securities transaction needs…",
              ["Nothing if the customer agrees", "The firm's written approval and supervision",
               "Only a verbal mention", "A separate license from the state"], 1,
              "When compensated, the firm must approve it and supervise it as its own."),
             ("Which is a red flag?",
              ["A representative coaching youth soccer", "Customers writing checks to a representative's LLC",
               "A representative taking a vacation", "A representative attending a conference"], 1,
              "Customer money flowing to a representative's own entity is a serious warning sign."),
         ]),
        ("Handling customer complaints",
         "Receiving, recording, escalating and reporting written customer complaints.", 15, [
             ("What counts as a complaint",
              "<p>A written grievance by a customer about the activities of the firm or its people is a "
              "complaint, whatever its tone or length, including email and text messages.</p>"),
             ("Recording and escalating",
              "<p>Record every complaint, route it to the right principal, and respond on time. Complaints "
              "that allege theft or forgery are escalated at once.</p>"),
             ("Reporting",
              "<p>Some complaints must be reported and may appear on the representative's record. Accuracy "
              "and timeliness matter to the customer and to the representative.</p>"),
         ], [
             ("A customer's angry text message about a trade is…",
              ["Not a complaint because it is informal", "A written complaint to record and handle",
               "Only a complaint if the customer uses the word 'complaint'", "Something to delete"], 1,
              "Written grievances count whatever their form or wording."),
             ("Which complaint must be escalated immediately?",
              ["A complaint about a late statement", "A complaint alleging forgery",
               "A complaint about parking", "A complaint about hold music"], 1,
              "Allegations of theft or forgery go up at once."),
             ("Why does accurate complaint reporting matter?",
              ["It does not", "It affects the customer and can appear on the representative's record",
               "It only affects the firm's marketing", "It replaces the firm's books and records"], 1,
              "Reports can become part of a public record, so accuracy matters to everyone."),
         ]),
    ]),
    ("Investment company and variable products", ["IR", "IP"], [
        ("Share classes and breakpoints",
         "Choosing a mutual fund share class and giving customers the breakpoints they are owed.", 20, [
             ("Share classes in brief",
              "<p>Class A shares usually carry a front-end sales charge that falls at breakpoints; Class C "
              "shares a level charge over time. The right class depends on amount and time horizon.</p>"),
             ("Breakpoints and rights of accumulation",
              "<p>Customers may combine purchases across their household and over time to reach a "
              "breakpoint. Ask about other holdings before each purchase.</p>"),
             ("Letters of intent",
              "<p>A letter of intent lets a customer get the breakpoint now on purchases planned over the "
              "next months. Explain it when a larger investment is expected.</p>"),
         ], [
             ("What lowers the sales charge on Class A shares?",
              ["Buying in smaller amounts", "Reaching a breakpoint", "Switching funds often", "Using a margin account"],
              1, "Breakpoints reduce the front-end charge as the amount invested grows."),
             ("Before a purchase, what should you ask about?",
              ["The customer's other holdings in the fund family, including the household's",
               "The customer's favourite fund manager", "Only the current purchase", "Nothing"], 0,
              "Rights of accumulation count household and past holdings toward a breakpoint."),
             ("A letter of intent…",
              ["Guarantees returns", "Gives the breakpoint now on purchases planned over a period",
               "Waives all fees", "Transfers the account"], 1,
              "It applies the breakpoint to planned purchases made within the letter's period."),
         ]),
        ("Variable annuity exchanges",
         "When exchanging one variable annuity for another is and is not in the customer's interest.", 20, [
             ("What an exchange costs",
              "<p>An exchange may restart a surrender period, add fees and drop benefits the customer already "
              "has. Each of those must be weighed against the new contract's advantages.</p>"),
             ("Comparing contracts",
              "<p>Compare side by side: fees, surrender schedules, death benefits, living benefits and the "
              "customer's age and liquidity needs.</p>"),
             ("Frequent exchanges",
              "<p>A pattern of exchanges across a representative's book is a supervisory red flag, whatever "
              "each single exchange looks like.</p>"),
         ], [
             ("Which is a cost an exchange can bring?",
              ["A new surrender period", "Lower age", "Guaranteed gains", "Fewer taxes always"], 0,
              "Exchanges often restart surrender periods."),
             ("What should a comparison include?",
              ["Only the new contract's features", "Fees, surrender schedules and benefits of both contracts",
               "Only the commission", "Only the insurer's logo"], 1, "A fair comparison looks at both contracts."),
             ("A representative's customers exchange annuities every two years. This is…",
              ["A sign of good service", "A red flag for supervisors", "Required by law", "Unremarkable"], 1,
              "Patterns of frequent exchanges call for review."),
         ]),
        ("Disclosing costs clearly",
         "Explaining fees and expenses in plain language customers understand.", 15, [
             ("Plain language",
              "<p>Say what the customer pays, when and why. Avoid jargon; use the customer's own amounts.</p>"),
             ("Ongoing expenses",
              "<p>Expense ratios and 12b-1 fees come out of returns every year. Show their effect over the "
              "customer's time horizon.</p>"),
             ("Checking understanding",
              "<p>Ask the customer to say back what they will pay. If they cannot, explain again.</p>"),
         ], [
             ("Good cost disclosure uses…",
              ["Jargon", "The customer's own amounts and plain words", "Only percentages in footnotes", "Nothing"], 1,
              "Plain words and real amounts make costs understandable."),
             ("Ongoing fund expenses…",
              ["Are paid once", "Reduce returns every year", "Are refunded", "Only apply to bonds"], 1,
              "They are deducted from the fund's assets every year."),
             ("How do you know the customer understood?",
              ["They signed", "They can explain back what they will pay", "They nodded", "They did not ask"], 1,
              "A teach-back shows real understanding."),
         ]),
    ]),
    ("Trading, research and operations", ["TD", "RS", "OS", "FN", "FI"], [
        ("Best execution",
         "Seeking the most favourable terms for customer orders, and reviewing execution quality.", 20, [
             ("The duty",
              "<p>Firms use reasonable diligence to find the best market for a security and buy or sell so "
              "that the customer's price is as favourable as possible under prevailing conditions.</p>"),
             ("Regular and rigorous review",
              "<p>Firms review execution quality regularly, comparing venues on price, speed and likelihood "
              "of execution, and change routing when others do better.</p>"),
             ("Conflicts in routing",
              "<p>Payment for order flow and affiliated venues are conflicts to disclose and manage, never "
              "reasons to accept worse prices for customers.</p>"),
         ], [
             ("Best execution means…",
              ["The fastest fill whatever the price", "Reasonable diligence for the most favourable terms",
               "Always routing to an affiliate", "The lowest commission only"], 1,
              "It is about the most favourable terms reasonably available."),
             ("How often should execution quality be reviewed?",
              ["Never", "Regularly and rigorously", "Only after a complaint", "Once at firm launch"], 1,
              "Reviews are regular and rigorous."),
             ("Payment for order flow is…",
              ["A conflict to disclose and manage", "A reason to accept worse prices", "Illegal everywhere",
               "Irrelevant"], 0, "It is a conflict; it never justifies worse customer prices."),
         ]),
        ("Research independence",
         "Keeping research objective when banking, trading and sales all have views.", 20, [
             ("Walls and why",
              "<p>Research analysts must be free of pressure from investment banking and sales. Firms keep "
              "information barriers and review communications between the groups.</p>"),
             ("Disclosures in reports",
              "<p>Reports disclose conflicts such as holdings, banking relationships and compensation ties.</p>"),
             ("Quiet periods",
              "<p>Around offerings, quiet periods limit when research may be published.</p>"),
         ], [
             ("Why separate research from banking?",
              ["To save space", "To keep research objective", "To hide information from regulators", "No reason"], 1,
              "Separation protects research from pressure."),
             ("Which belongs in a research report's disclosures?",
              ["The analyst's lunch order", "The firm's banking relationship with the company",
               "The weather", "The print date only"], 1, "Banking relationships are conflicts readers must see."),
             ("A quiet period…",
              ["Limits when research may be published around an offering", "Bans all trading",
               "Means no emails at all", "Applies only on weekends"], 0,
              "Quiet periods restrict publication timing around offerings."),
         ]),
        ("Books, records and operational resilience",
         "Keeping records complete and operations running when something breaks.", 15, [
             ("Records that tell the story",
              "<p>Books and records must be accurate, complete and retrievable. Off-channel messages about "
              "business are records too.</p>"),
             ("Business continuity",
              "<p>Firms plan for outages: alternate sites, backups, communications with customers and "
              "regulators.</p>"),
             ("Testing",
              "<p>A plan that has never been tested is a hope. Firms test and update their plans at least "
              "yearly.</p>"),
         ], [
             ("Business messages sent by a personal messaging app are…",
              ["Not records", "Records the firm must capture", "Private", "Optional"], 1,
              "Business communications are records wherever they are sent."),
             ("A continuity plan covers…",
              ["Only the office coffee", "Alternate sites, backups and communications", "Only marketing",
               "Nothing"], 1, "It covers how the firm keeps serving customers through an outage."),
             ("How often should a continuity plan be tested?",
              ["Never", "At least yearly", "Only after a disaster", "Every ten years"], 1,
              "Regular testing shows the plan works."),
         ]),
    ]),
]
