// libFuzzer target: SIP messages (RFC 3261 s7, s18.3) and the typed header parsers (s19.1, s20,
// s25; RFC 6665 s8.2). Properties: nothing crashes; whatever parses, serialises to text that parses
// back to an equal value; a stream split anywhere frames exactly as the unsplit stream.
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/event.hpp"
#include "libcommon/sip/msg/media_type.hpp"
#include "libcommon/sip/msg/name_addr.hpp"
#include "libcommon/sip/msg/parser.hpp"
#include "libcommon/sip/msg/response.hpp"
#include "libcommon/sip/msg/serializer.hpp"
#include "libcommon/sip/msg/stream_framer.hpp"
#include "libcommon/sip/msg/subscription_state.hpp"
#include "libcommon/sip/msg/uri.hpp"
#include "libcommon/sip/msg/validate.hpp"
#include "libcommon/sip/msg/via.hpp"

namespace {

using namespace disco;
using namespace disco::sip;

template <class Parse>
void round_trip(std::string_view text, Parse parse) {
  auto value = parse(text);
  if (!value) return;
  const std::string out = to_string(*value);
  auto again = parse(out);
  if (!again || !(*again == *value)) std::abort();
}

void message(base::BytesView in) {
  auto m = parse_message(in);
  if (!m) {
    (void)response_to_unparseable(in, m.error(), "t");
    return;
  }
  const std::string out = to_string(*m);
  auto again = parse_message(out);
  if (!again || !(*again == *m) || to_string(*again) != out) std::abort();
  if (auto problem = validate(*m)) {
    (void)response_to_invalid(*m, *problem, "t");
  } else {
    // validate() vouches for these.
    if (!parse_vias(*m) || !parse_from(*m) || !parse_to(*m) || !parse_contacts(*m)) std::abort();
  }
}

struct Framed {
  std::vector<std::string> frames;
  std::optional<Error> error;
  bool operator==(const Framed&) const = default;
};

Framed frame(base::BytesView in, std::size_t cut) {
  StreamFramer f;
  Framed out;
  const auto drain = [&] {
    while (!out.error) {
      auto r = f.next();
      if (!r) {
        out.error = r.error();
      } else if (*r) {
        out.frames.emplace_back(reinterpret_cast<const char*>((*r)->data()), (*r)->size());
      } else {
        break;
      }
    }
  };
  f.feed(in.first(cut));
  drain();
  f.feed(in.subspan(cut));
  drain();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const base::BytesView in{data, size};
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  message(in);
  const Framed whole = frame(in, size);
  if (size > 0 && frame(in, data[0] % (size + 1)) != whole) std::abort();
  for (const std::string& f : whole.frames) (void)parse_message(f);

  round_trip(text, [](std::string_view t) { return parse_uri(t); });
  round_trip(text, [](std::string_view t) { return parse_name_addr(t); });
  round_trip(text, [](std::string_view t) { return parse_contact(t); });
  round_trip(text, [](std::string_view t) { return parse_via(t); });
  round_trip(text, [](std::string_view t) { return parse_cseq(t); });
  round_trip(text, [](std::string_view t) { return parse_media_type(t); });
  round_trip(text, [](std::string_view t) { return parse_event(t); });
  round_trip(text, [](std::string_view t) { return parse_subscription_state(t); });
  return 0;
}
