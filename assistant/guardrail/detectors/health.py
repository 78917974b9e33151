"""Health information tied to a person: diagnoses, medication, biometrics (category personal)."""

from __future__ import annotations

import re
from typing import Any

from assistant.guardrail.detectors.base import Document, Pattern, words
from assistant.guardrail.detectors.names import FIRST_NAMES
from assistant.guardrail.lazy_regex import lazy_compile

CONDITIONS = (
    "diabetes|type [12] diabetes|cancer|leukemia|leukaemia|lymphoma|melanoma|tumou?r|hiv|aids|"
    "hepatitis [abc]?|depression|clinical depression|major depressive disorder|anxiety disorder|"
    "generali[sz]ed anxiety|panic disorder|bipolar(?: disorder)?|schizophrenia|ptsd|ocd|adhd|"
    "autism|asperger'?s|dementia|alzheimer'?s|parkinson'?s|multiple sclerosis|\\bms\\b|epilepsy|"
    "asthma|copd|hypertension|high blood pressure|heart disease|heart failure|arrhythmia|"
    "a heart attack|heart attack|a stroke|stroke|covid(?:-19)?|long covid|tuberculosis|"
    "crohn'?s(?: disease)?|celiac disease|coeliac disease|lupus|arthritis|fibromyalgia|"
    "an eating disorder|anorexia|bulimia|addiction|alcoholism|substance abuse|"
    "a miscarriage|infertility|endometriosis|chronic fatigue|migraines|insomnia|sleep apnea|"
    "kidney disease|liver disease|cirrhosis|a brain injury|concussion|a disability|"
    "post-?natal depression|postpartum depression|burn-?out syndrome|chlamydia|herpes|syphilis|"
    "an std|an sti|hypothyroidism|hyperthyroidism|osteoporosis|glaucoma|sickle cell"
)
MEDICATIONS = (
    "insulin|metformin|ozempic|wegovy|semaglutide|sertraline|zoloft|prozac|fluoxetine|"
    "lexapro|escitalopram|citalopram|paroxetine|wellbutrin|bupropion|xanax|alprazolam|valium|"
    "diazepam|lorazepam|ativan|adderall|ritalin|methylphenidate|vyvanse|lithium|seroquel|"
    "quetiapine|risperidone|abilify|lamotrigine|gabapentin|pregabalin|oxycodone|hydrocodone|"
    "morphine|fentanyl|tramadol|codeine|methadone|suboxone|buprenorphine|naltrexone|"
    "antidepressants?|antipsychotics?|chemo(?:therapy)?|radiotherapy|radiation therapy|dialysis|"
    "prep|truvada|antiretrovirals?|statins?|atorvastatin|lipitor|warfarin|eliquis|lisinopril|"
    "amlodipine|levothyroxine|prednisone|steroids|methotrexate|humira|birth control|ivf|"
    "hormone therapy|hrt|testosterone|beta[- ]blockers?|blood thinners"
)
_PERSON_RE = lazy_compile(
    r"\b(?:i|i'm|i've|he|she|he's|she's|my|his|her|wife|husband|partner|son|daughter|mother|"
    r"father|mom|mum|dad|brother|sister|colleague|boss|manager|assistant|ceo|cfo|cto|coo|"
    r"employee|patient|client|team member|mentor|mentee|friend|child|kid|grandmother|"
    r"grandfather|(?:mr|mrs|ms|dr)\.?\s+[a-z]+)\b",
    re.I,
)
_TIED_VERB = (
    r"(?:diagnosed with|suffers? from|suffering from|(?:is|was|being|been) treated for|"
    r"tested positive for|(?:is |are )?living with|battling|fighting|recovering from|"
    r"in remission from|undergoing|prescribed|(?:is|are|was|were|i'm|he's|she's|(?:has|have|had|"
    r"i've|he's|she's|they've) been) (?:taking|on)|"
    r"takes|took|started(?: taking)?|stopped taking|(?:has|have|had|got)(?: been)?|"
    r"injects|needs)"
)


_NAME_BEFORE = lazy_compile(
    r"\b([A-Z][a-z]+)(?:\s+[A-Z][a-z]+)?(?:'s(?:\s+\w+)?)?(?:\s+(?:is|was|has|had|got|gets|"
    r"has been|had been|will be|just|recently|also))?\s*$"
)


_NOT_PERSONAL = lazy_compile(r"(?i)\s*(?:awareness|month|campaign|charity|research|day|week|"
                             r"fundraiser|walk|run|foundation|society|association)\b")


def _named(subject: str) -> bool:
    """A capitalised given name right before the verb ("Sarah", "Tom Lee")."""
    match = _NAME_BEFORE.search(subject)
    return match is not None and match.group(1).lower() in FIRST_NAMES


def _tied(match: re.Match[str], doc: Document) -> float | None:
    """Accept only when a person is the subject, close before the verb."""
    start = match.start()
    left = doc.sentence(start, match.end())[0]
    subject = doc.view[max(left, start - 60) : start]
    head = subject + match.group(0)[:12]
    if not _PERSON_RE.search(head) and not _named(subject):
        return None
    if _NOT_PERSONAL.match(doc.view, match.end()):
        return None
    return 0.85


# Lower-case stems; a pattern runs only when one of them occurs in the text.
CONDITION_HINTS = tuple(words("""
diabet cancer leuk lymphom melanom tumo hiv aids hepatitis depress anxiety panic bipolar
schizo ptsd adhd autis asperger dementia alzheimer parkinson sclerosis epilep asthma copd
hypertension stroke covid tubercul crohn celiac coeliac lupus arthritis fibromyalgia eating
disorder anorexi bulimi addict alcoholism substance miscarriage infertil endometriosis
fatigue migraine insomnia apnea kidney liver cirrhosis brain injury concussion disabilit
chlamydia herpes syphilis thyroid osteopor glaucoma sickle
""")) + (
    " ms ", " ocd", " aids", " std", " sti ", "heart attack", "heart disease", "heart failure",
    "high blood pressure", "burnout syndrome", "burn-out syndrome")
MEDICATION_HINTS = tuple(words("""
insulin metformin ozempic wegovy semaglutide sertraline zoloft prozac fluoxetine lexapro
citalopram paroxetine wellbutrin bupropion xanax alprazolam valium diazepam lorazepam ativan
adderall ritalin methylphenidate vyvanse lithium seroquel quetiapine risperidone abilify
lamotrigine gabapentin pregabalin oxycodone hydrocodone morphine fentanyl tramadol codeine
methadone suboxone buprenorphine naltrexone antidepressant antipsychotic chemo radiotherapy
radiation dialysis truvada antiretroviral statin atorvastatin lipitor warfarin eliquis
lisinopril amlodipine levothyroxine prednisone steroids methotrexate humira birth control
ivf hormone testosterone blocker thinners
""")) + (" prep", " hrt", " ivf")


def _p(rule: str, regex: str, score: float, reason: str, **kw: Any) -> Pattern:
    return Pattern(f"personal.{rule}", lazy_compile(regex, re.I), score, reason, **kw)


HEALTH_PATTERNS: tuple[Pattern, ...] = (
    _p("health", rf"\b{_TIED_VERB}\s+(?:(?:a|an|the|early|late|stage \w+|severe|mild|chronic|"
       rf"acute|serious|some|daily|weekly|high-dose|low-dose|\d+ ?mg(?: of)?|breast|lung|"
       rf"prostate|skin|colon|pancreatic|brain|blood|bone|ovarian|terminal)\s+){{0,3}}"
       rf"(?:{CONDITIONS}|{MEDICATIONS})\b", 0.85, "health information about a person",
       validator=_tied, hints=CONDITION_HINTS + MEDICATION_HINTS),
    _p("health", rf"\b(?:{MEDICATIONS})\s+(?:for (?:his|her|their|my) \w+|\d+ ?mg)\b", 0.8,
       "medication of a person", validator=_tied,
       hints=MEDICATION_HINTS),
    _p("health", r"\b(?:is|am|was|she's|i'm) (?:\d+ (?:weeks|months) )?pregnant\b|"
       r"\bhiv[- ]positive\b|\b(?:went|is going) (?:in)?to rehab\b|\bon (?:sick|medical) leave "
       r"(?:for|because of|after)\b", 0.8, "health information about a person",
       validator=_tied, hints=("pregnant", "hiv", "rehab", "sick leave", "medical leave")),
    _p("biometric", r"\b(?:blood pressure|bp)\s*(?:is|was|of|reading|at|:)?\s*(?:of\s+)?\d{2,3}"
       r"\s*/\s*\d{2,3}\b|\bblood (?:type|group)\s*(?:is|:)?\s*(?:ab|a|b|o)\s*[+-]|"
       r"\b(?:bmi|a1c|hba1c|blood sugar|glucose|cholesterol|heart rate|resting heart rate|"
       r"pulse)\s*(?:is|was|of|at|:)\s*\d{1,3}(?:\.\d+)?\b|\bweighs?\s+\d{2,3}\s*(?:kg|lbs?|"
       r"pounds|kilos)\b", 0.8, "biometric or medical measurement", digits=True,
       validator=_tied, hints=("blood", "bp", "bmi", "a1c", "glucose", "sugar", "cholesterol",
                               "heart rate", "pulse", "weigh")),
    _p("biometric", r"\b(?:fingerprint|retina|iris|face ?id|voiceprint|dna)\s+(?:scan|template|"
       r"hash|data|sample|profile)s?\s+(?:of|for|from)\s+[A-Z]?\w+", 0.7, "biometric data",
       validator=_tied, hints=("fingerprint", "retina", "iris", "face id", "faceid",
                               "voiceprint", "dna")),
)
