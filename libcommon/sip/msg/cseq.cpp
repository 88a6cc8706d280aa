#include "libcommon/sip/msg/cseq.hpp"

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"

namespace disco::sip {

base::result<CSeq, std::error_code> parse_cseq(std::string_view value) {
  grammar::Cursor c(value);
  c.skip_lws();
  auto number = grammar::parse_uint(c.take_while(grammar::is_digit), UINT32_MAX);
  if (!number || !c.skip_lws()) return base::failure{make_error_code(errc::invalid_cseq)};
  const std::string_view method = c.token();
  c.skip_lws();
  if (method.empty() || !c.done()) return base::failure{make_error_code(errc::invalid_cseq)};
  return CSeq{static_cast<std::uint32_t>(*number), std::string(method)};
}

std::string to_string(const CSeq& c) { return std::to_string(c.number) + ' ' + c.method; }

}  // namespace disco::sip
