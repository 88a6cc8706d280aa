// libFuzzer target: RFC 4575 conference-info documents. Properties: parsing never crashes; a parsed
// document serialises (one line and indented) and parses back to an equal model; merging it into
// a subscriber's state never crashes; and the notifier's partial document between it and a fixed
// state, merged by a subscriber, gives exactly the target state (both directions).
#include <cstdlib>
#include <string_view>

#include "libcommon/conference/coherent_state.hpp"
#include "libcommon/conference/merge.hpp"
#include "libcommon/conference/notifier.hpp"
#include "libcommon/conference/parse.hpp"
#include "libcommon/conference/serialise.hpp"

namespace {

using namespace disco::conference;

constexpr std::string_view base_xml =
    "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='sip:c@x' version='7'>"
    "<conference-description><subject>s</subject></conference-description>"
    "<conference-state><user-count>2</user-count></conference-state>"
    "<users><user entity='sip:a@x'><display-text>A</display-text><endpoint entity='e'><status>connected</status>"
    "<media id='1'><type>audio</type></media></endpoint></user><user entity='sip:bob@example.com'/></users>"
    "<sidebars-by-ref><entry><uri>sip:r</uri></entry></sidebars-by-ref>"
    "</conference-info>";

const ConferenceInfo& base() {
  static const ConferenceInfo b = *parse(base_xml);
  return b;
}

void round_trip(const ConferenceInfo& doc, bool indent) {
  auto xml = serialise(doc, {indent});
  if (!xml) std::abort();
  auto again = parse(*xml);
  if (!again || !(*again == doc)) std::abort();
}

// A subscriber at `from` that receives partial_notification(from, to) holds `to`.
void notify_and_merge(const ConferenceInfo& from, const ConferenceInfo& to) {
  CoherentState s;
  if (s.apply(from).outcome != MergeOutcome::applied) std::abort();
  auto doc = partial_notification(from, to);
  round_trip(doc, false);
  if (s.apply(doc).outcome != MergeOutcome::applied) std::abort();
  ConferenceInfo expected = to;
  expected.version = doc.version;
  if (!(canonical(*s.state()) == canonical(expected))) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto doc = parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!doc) return 0;
  round_trip(*doc, false);
  round_trip(*doc, true);

  // Whatever the document says, a subscriber survives it, right after a full state and again.
  CoherentState s;
  s.apply(base());
  ConferenceInfo next = *doc;
  next.version = 8;
  s.apply(next);
  s.apply(*doc);
  ConferenceInfo local = base();
  apply_partial(local, *doc);

  ConferenceInfo target = full_notification(*doc, 1);
  notify_and_merge(full_notification(base(), 7), target);
  target.version = 3;
  notify_and_merge(target, full_notification(base(), 7));
  return 0;
}
