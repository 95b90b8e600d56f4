#!/usr/bin/env bash
# Re-records the TUI fixtures as a learner would make them: the real binary on an 80×24
# terminal (tmux), `--plain` with Enter pressed for every step, `--record FILE`. Through the
# binary, not in-process, so that descriptors are the learner's (first socket 3): a test
# process holds descriptors of its own. Run as root to capture packets on the host's lo.
# Usage: Tests/TUITests/Fixtures/record.sh   (after swift build), then re-record snapshots.
#        Tests/TUITests/Fixtures/record.sh lesson ID...   records only lessons/ID.jsonl, the
#        course lesson's fixture for LessonSnapshotTests (its chosen step is in lessons/ID.step).
#        Tests/TUITests/Fixtures/record.sh lesson-zh ID...   the same in Chinese: lessons/ID.zh.jsonl.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
binary="$root/.build/debug/sockettutor"
work="$(mktemp -d)"
trap 'tmux -L fixtures kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir "$work/zh" "$work/home"
cp "$here/zh-echo.yaml" "$work/zh/"
printf 'format_version: 1\nlessons: [zh-echo]\n' > "$work/zh/course.yaml"

record() {  # name, then the learn arguments
    local name="$1"; shift
    local out="$work/${name//\//-}.jsonl"
    tmux -L fixtures new-session -d -s f -x 80 -y 24 -e LANG=C.UTF-8 -e SOCKETTUTOR_HOME="$work/home" \
        "$binary" learn "$@" --plain --record "$out" --no-record
    for _ in $(seq 1 600); do
        grep -q '"kind":"finished"' "$out" 2>/dev/null && break
        tmux -L fixtures send-keys -t f Enter 2>/dev/null || true
        sleep 0.1
    done
    tmux -L fixtures send-keys -t f C-d 2>/dev/null || true  # it may have ended at the last step
    for _ in $(seq 1 50); do grep -q '^{"end"' "$out" 2>/dev/null && break; sleep 0.1; done
    tmux -L fixtures kill-server 2>/dev/null || true
    grep -q '^{"end":"finished"' "$out" || { echo "$name: the session did not finish" >&2; exit 1; }
    mkdir -p "$(dirname "$here/$name.jsonl")"
    cp "$out" "$here/$name.jsonl"
    echo "$name: $(($(wc -l < "$out") - 2)) events"
}

if [ "${1:-}" = lesson ]; then
    shift
    # --auto: a course lesson's predict questions would wait for an answer that Enter is not.
    for id in "$@"; do record "lessons/$id" "$id" --no-capture --auto --wait 0.3; done
    exit 0
fi
if [ "${1:-}" = lesson-zh ]; then   # the same in Chinese: lessons/ID.zh.jsonl
    shift
    for id in "$@"; do record "lessons/$id.zh" "$id" --no-capture --auto --wait 0.3 --lang zh; done
    exit 0
fi

# These lessons ask predict questions, which Enter does not answer: --auto runs them through.
record tcp-workflow tcp-workflow --auto
record client-server client-server --no-capture --auto
record zh-echo zh-echo --lessons "$work/zh" --lang zh
