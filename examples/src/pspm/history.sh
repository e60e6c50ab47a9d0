#!/bin/sh
# The record of the example PSPM process, replayed through the real commands:
# iteration 1 (mobilise, collect requirements, blueprint) done, with feedback
# from every sector, decisions, tasks done with evidence under evidence/ and
# one override with its reason; iteration 2 (co-creation workshops) active.
# Called by examples/regenerate.sh after init and the stakeholders, with the
# binary and the project folder; every step has its own SOURCE_DATE_EPOCH so
# the ledger is the same bytes each time.
#
# Usage: history.sh INTERLINK PROJECT
set -eu
bin=$1 project=$2
src=$(cd "$(dirname "$0")" && pwd)

# at "YYYY-MM-DD HH:MM" ARGS...: run interlink as the coordinating unit at that time (UTC).
# (-q still prints the ids of new feedback and decisions: not needed here.)
at() {
  when=$(date -u -d "$1" +%s)
  shift
  SOURCE_DATE_EPOCH=$when "$bin" -q --actor mef-planning -C "$project" "$@" >/dev/null
}
evidence() { mkdir -p "$project/evidence" && cp "$src/evidence/$1" "$project/evidence/$1"; }

# Mobilise (12 January – 13 February).
at "2026-01-12 09:30" run-phase mobilise
evidence engagement-plan.md
at "2026-01-20 10:00" task done map-planning-stakeholders --note "38 administrations, experts and groups mapped"
at "2026-01-27 10:00" task done build-contact-network
at "2026-02-02 10:00" task done prepare-engagement-plan --evidence "$project/evidence/engagement-plan.md"
at "2026-02-05 10:00" task done agree-data-management --evidence "$project/evidence/engagement-plan.md"
at "2026-02-06 10:00" task done invite-administrations
evidence steering-committee-2026-02-13.md
at "2026-02-13 17:10" task done constitute-steering-committee \
  --evidence "$project/evidence/steering-committee-2026-02-13.md"
at "2026-02-13 17:20" decide "Adopt the engagement plan and the data-management rules" --phase mobilise \
  --for 7 --against 0 --abstain 1 --note "Steering committee of 13 February"
at "2026-02-13 17:30" run-phase mobilise --complete

# Iteration 1: collect feedback and requirements (16 February – 10 April).
at "2026-02-16 09:00" run-phase collect-requirements
at "2026-02-16 09:30" task start run-planning-survey
at "2026-03-02 09:00" task start interview-planners
at "2026-03-09 18:00" feedback import "$src/survey.csv"
evidence survey-results.csv
at "2026-03-10 09:00" task done run-planning-survey --evidence "$project/evidence/survey-results.csv"
at "2026-03-12 11:00" feedback add "Interviews: planners spend most of their time reconciling versions of the same file." \
  --from region-lazio --type concern --tag current-practice
at "2026-03-13 11:00" feedback add "Interviews: the plan should show which office is accountable for each objective." \
  --from rome --type requirement --tag accountability
at "2026-03-16 11:00" feedback add "Interviews: audit needs a trail of who changed an objective and why." \
  --from corte-conti --type requirement --tag transparency
at "2026-03-17 11:00" feedback add "Interviews: regions want to reuse national indicators without retyping them." \
  --from region-emilia-romagna --type requirement --tag indicators
at "2026-03-18 11:00" feedback add "Interviews: the current plan format is fine for experts but opaque to the public." \
  --from dfp --type concern --tag plain-language
at "2026-03-20 11:00" task done interview-planners --note "12 interviews"
at "2026-03-23 09:00" task start hold-requirements-focus-groups
at "2026-03-25 16:00" feedback add "Focus group: a guided path for first-time users." --from agid --type idea --tag usability
at "2026-03-25 16:10" feedback add "Focus group: keep the number of mandatory fields small." \
  --from regions-conference --type requirement --tag usability
at "2026-03-26 16:00" feedback add "Focus group: let a municipality copy a neighbour's objective as a starting point." \
  --from anci --type idea --tag templates
at "2026-03-27 12:00" task done hold-requirements-focus-groups --note "Two focus groups, 23 participants"
at "2026-03-31 09:00" task done analyse-feedback
evidence requirements-v1.md
fb() { "$bin" -C "$project" feedback list --format csv | awk -F, -v t="$1" 'index($0, t) { print $1; exit }'; }
at "2026-04-08 15:00" task done prioritise-requirements --evidence "$project/evidence/requirements-v1.md" \
  --addresses "$(fb 'comment on draft objectives')" --addresses "$(fb 'official statistics')" \
  --addresses "$(fb 'open format')" --addresses "$(fb 'accessibility requirements')"
at "2026-04-09 11:00" decide "Approve the prioritised requirements, version 1" --phase collect-requirements \
  --for 6 --against 1 --abstain 1 --addresses "$(fb 'which comments changed the plan')"
at "2026-04-10 17:00" run-phase collect-requirements --complete

# Iteration 1: blueprint (13 April – 29 May).
at "2026-04-13 09:00" run-phase blueprint
at "2026-04-20 10:00" task done define-personas-and-scenarios
at "2026-04-27 10:00" task done map-planning-journey
evidence blueprint-v1.md
at "2026-05-08 10:00" task done write-blueprint --evidence "$project/evidence/blueprint-v1.md" \
  --addresses "$(fb 'Interviews: the plan should show which office')"
at "2026-05-11 09:00" task start consult-on-blueprint
for who in mit istat region-puglia bologna turin unibo-dsps open-budgets digital-accessibility p-qz7m3v5k; do
  at "2026-05-18 12:00" feedback add "Blueprint comment: the monitoring dashboard should show participation by territory too." \
    --from "$who" --type requirement --tag blueprint
done
at "2026-05-25 12:00" task done consult-on-blueprint --note "9 written comments"
at "2026-05-28 15:00" decide "Approve the blueprint, version 1" --phase blueprint --for 7 --against 0 --abstain 1 \
  --review 2026-11-30 --addresses "$(fb 'should be measured')"
at "2026-05-28 15:30" task done approve-blueprint --evidence "$project/evidence/blueprint-v1.md"
at "2026-05-29 17:00" run-phase blueprint --complete --force \
  --reason "The tenth comment on the blueprint came by letter and is filed with the minutes of 28 May"

# Iteration 2: co-creation workshops (from 14 September), active.
evidence workshop-programme.md
at "2026-09-14 09:00" run-phase co-creation-workshops
at "2026-09-16 10:00" task done design-workshop-programme --evidence "$project/evidence/workshop-programme.md"
at "2026-09-18 10:00" task start widen-participation
at "2026-09-30 17:00" feedback add "Workshop 1: objectives need an owner and a deadline on the same screen." \
  --from region-lazio --type requirement --tag workshop
at "2026-09-30 17:05" feedback add "Workshop 1: the indicator library should suggest indicators while typing." \
  --from istat --type idea --tag workshop
