#pragma once
// A subscriber's view of one conference, built from NOTIFY bodies by the RFC 4575 s4.6
// "Constructing Coherent State" procedure. A plain value: no I/O, no clock; the caller feeds it
// parsed documents and acts on the outcome (re-SUBSCRIBE on a gap, unSUBSCRIBE when ended).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "libcommon/conference/change.hpp"
#include "libcommon/conference/conference_info.hpp"

namespace disco::conference {

enum class MergeOutcome {
  applied,      // taken; `changes` says what differs from the previous local state
  stale,        // version <= local version: discarded without processing (s4.6)
  gap,          // partial with version > local + 1, or before any full document: the subscriber MUST
                // refresh the subscription to get full state (s4.6); nothing was applied
  ended,        // state="deleted" on the root: the conference ceased to exist; the subscriber SHOULD
                // terminate the subscription (SUBSCRIBE with Expires: 0) (s4.6)
  unversioned,  // no 'version' on the root, which MUST carry one (s4.3): discarded
};

// snake_case: "applied", "stale", "gap", "ended", "unversioned".
std::string_view to_string(MergeOutcome outcome);

struct MergeResult {
  MergeOutcome outcome = MergeOutcome::applied;
  std::vector<Change> changes;  // empty unless applied or ended (ended: one conference_ended)
};

class CoherentState {
 public:
  // s4.6: the first full document sets the local version; later ones must be newer. A full (or
  // deleted) document replaces everything; a partial one with version == local + 1 is merged
  // (apply_partial); a partial one further ahead is a gap and changes nothing.
  MergeResult apply(const ConferenceInfo& doc);

  // The local version: nullopt before the first full (or deleted) document.
  [[nodiscard]] std::optional<std::uint32_t> version() const { return version_; }
  // The local conference state (every 'state' is full; version() is its version): nullopt before
  // the first full document and after the conference ended.
  [[nodiscard]] const std::optional<ConferenceInfo>& state() const { return state_; }
  [[nodiscard]] bool ended() const { return ended_; }

  // Forget everything, for a new subscription dialog whose notifier may number versions afresh.
  void reset() { *this = CoherentState{}; }

 private:
  std::optional<std::uint32_t> version_;
  std::optional<ConferenceInfo> state_;
  bool ended_ = false;
};

}  // namespace disco::conference
