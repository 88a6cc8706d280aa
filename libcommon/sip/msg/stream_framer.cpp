#include "libcommon/sip/msg/stream_framer.hpp"

#include <string_view>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/head.hpp"

namespace disco::sip {

void StreamFramer::feed(base::BytesView bytes) {
  // Drop what next() has handed out; a view it returned dies here, as documented.
  if (start_ > 0) {
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
  buf_.insert(buf_.end(), bytes.begin(), bytes.end());
}

base::result<std::optional<base::BytesView>, Error> StreamFramer::next() {
  if (failed_) return base::failure{*failed_};
  auto fail = [&](Error e) -> base::result<std::optional<base::BytesView>, Error> {
    failed_ = e;
    return base::failure{std::move(e)};
  };
  std::string_view data(reinterpret_cast<const char*>(buf_.data()) + start_, buf_.size() - start_);

  if (!frame_size_) {
    if (resume_ == 0) {
      const std::size_t skip = detail::leading_crlf(data);
      start_ += skip;
      data.remove_prefix(skip);
    }
    auto scan = detail::scan_head(data, resume_, limits_);
    if (!scan) return fail(scan.error());
    resume_ = scan->resume;
    if (!scan->end) return std::optional<base::BytesView>{};
    const std::size_t head_end = *scan->end;
    const std::size_t line_end = data.find("\r\n");
    const std::string_view lines =
        line_end + 2 >= head_end - 2 ? std::string_view{} : data.substr(line_end + 2, head_end - 2 - (line_end + 2));
    auto fields = detail::split_fields(lines, limits_);
    if (!fields) return fail(fields.error());
    auto length = detail::find_content_length(*fields);
    if (!length) return fail(length.error());
    // s18.3: Content-Length MUST be used on streams; without it nothing says where the body ends.
    if (!*length) return fail(Error{make_error_code(errc::missing_content_length), "Content-Length"});
    if (**length > limits_.max_body_size) return fail(Error{make_error_code(errc::body_too_large), {}});
    if (head_end + **length > limits_.max_message_size)
      return fail(Error{make_error_code(errc::message_too_large), {}});
    frame_size_ = head_end + **length;
  }

  if (data.size() < *frame_size_) return std::optional<base::BytesView>{};
  const base::BytesView frame(buf_.data() + start_, *frame_size_);
  start_ += *frame_size_;
  frame_size_.reset();
  resume_ = 0;
  return std::optional<base::BytesView>{frame};
}

}  // namespace disco::sip
