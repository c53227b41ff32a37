"""Everything the bot says to people, in one place (Vietnamese). HTML strings are marked _HTML or say so."""

from __future__ import annotations

import html

from retrieval.engine import MAX_QUESTION_CHARS
from retrieval.sources import RECORDS_SUFFIX, SUFFIXES

# --- commands, as Telegram lists them ---------------------------------------------------

COMMAND_DESCRIPTIONS = {
    "hoi": "Đặt câu hỏi về tin tức",
    "moi": "Bắt đầu chủ đề mới (quên câu hỏi trước)",
    "help": "Cách dùng bot",
    "start": "Giới thiệu",
}
EXAMPLE_QUESTION = "Thái Nguyên tổ chức hội nghị TTĐN khi nào?"

# --- questions ----------------------------------------------------------------------------

USAGE_HOI = f"Cách dùng: /hoi &lt;câu hỏi&gt;\nVí dụ: <code>/hoi {html.escape(EXAMPLE_QUESTION)}</code>"  # HTML
RATE_LIMITED = "Bạn hỏi nhanh quá. Vui lòng đợi một phút rồi hỏi tiếp nhé."
TOO_LONG = f"Câu hỏi dài quá (tối đa {MAX_QUESTION_CHARS} ký tự). Bạn hãy hỏi ngắn gọn hơn nhé."
NOT_TEXT = "Mình chỉ đọc được câu hỏi bằng chữ. Bạn hãy gõ câu hỏi nhé."
UNKNOWN_COMMAND = "Mình không hiểu lệnh này. Gõ /help để xem cách dùng."
NEW_TOPIC = "Đã bắt đầu chủ đề mới: câu hỏi tiếp theo không dựa vào câu trước."
APOLOGY = "Xin lỗi, mình gặp sự cố khi xử lý yêu cầu này. Bạn vui lòng thử lại sau."

# --- help (HTML; {bot} is the escaped @username) -------------------------------------------

HELP_TITLE = "<b>Hỏi đáp tin tức</b>"
HELP_KNOWS = (
    "Mình trả lời câu hỏi từ {articles} bài báo ({paragraphs} đoạn), "
    "đăng từ {first} đến {last}, kèm trích dẫn bài và đoạn."
)
HELP_EMPTY = "Kho bài viết hiện chưa có bài nào."
HELP_EXAMPLE = "Ví dụ: <code>{example}</code>"
HELP_WAYS = [
    "• Trò chuyện riêng: gửi câu hỏi.",
    "• Trong nhóm: /hoi &lt;câu hỏi&gt;, nhắc {bot} kèm câu hỏi, hoặc trả lời tin nhắn của mình.",
    "• Ở bất kỳ cuộc trò chuyện nào: gõ {bot} rồi câu hỏi.",
    "Bấm «Đoạn N» dưới câu trả lời để xem cả đoạn, «Cả bài [N]» để đọc cả bài.",
    "Hỏi tiếp được, ví dụ «còn Khánh Hòa thì sao?», «ai chủ trì?»; /moi để đổi chủ đề.",
    "Bấm 👍 / 👎 để cho mình biết câu trả lời có đúng không.",
]

# --- buttons --------------------------------------------------------------------------------

PARAGRAPH_BUTTON = "Đoạn {n}"
ARTICLE_BUTTON = "Cả bài [{n}]"
STALE_BUTTON = "Nút này đã cũ: trích dẫn không còn trong kho bài viết. Bạn hãy hỏi lại nhé."
STALE_VOTE = "Nút này đã cũ: mình không còn giữ câu trả lời này. Bạn hãy hỏi lại nhé."
ARTICLE_GOES_ON = "<i>… Bài còn tiếp: mình chỉ gửi {sent} phần đầu, trong {total} phần. Đọc toàn văn: {where}</i>"
UP_BUTTON = "👍"
DOWN_BUTTON = "👎"
SKIP_BUTTON = "Bỏ qua"
THANKS = "Cảm ơn bạn đã góp ý"
WHAT_WAS_WRONG = "Cảm ơn bạn! Chưa đúng ở đâu? (chọn bên dưới, hoặc Bỏ qua)"

# --- inline mode ------------------------------------------------------------------------------

INLINE_HINT = "Gõ câu hỏi sau tên bot"
INLINE_NOT_FOUND = "Không tìm thấy câu trả lời — xem hướng dẫn"

# --- admins: adding articles, /thongke -------------------------------------------------------

READABLE = (*SUFFIXES, RECORDS_SUFFIX)
NOT_ADMIN = "Xin lỗi, chỉ quản trị viên của bot mới thêm được bài viết. Bạn vẫn có thể gửi câu hỏi bằng chữ nhé."
PRIVATE_ONLY = "Bạn hãy gửi tệp hoặc lệnh /them trong trò chuyện riêng với bot nhé."
STATS_NOT_ADMIN = "Xin lỗi, chỉ quản trị viên của bot mới xem được thống kê. Bạn vẫn có thể gửi câu hỏi bằng chữ nhé."
STATS_PRIVATE_ONLY = "Bạn hãy gửi lệnh /thongke trong trò chuyện riêng với bot nhé."
STATS_CUT = "… (còn nữa: xem đủ bằng lệnh hoidap stats)"
UNSUPPORTED = "Mình chưa đọc được loại tệp này. Bạn hãy gửi tệp " + ", ".join(READABLE) + " nhé."
TOO_LARGE = "Tệp lớn quá: Telegram chỉ cho bot tải tệp tới 20 MB."
DOWNLOAD_FAILED = "Mình không tải được tệp từ Telegram. Bạn vui lòng gửi lại sau nhé."
USAGE_THEM = (
    "Cách dùng: /them &lt;địa chỉ&gt; … (bài báo, RSS/Atom hoặc sitemap, http:// hoặc https://)\n"
    "Ví dụ: <code>/them https://example.vn/bai-viet.html</code>"
)
BUSY = "Đang có một lượt thêm bài khác; mình sẽ thêm bài của bạn ngay sau đó."
NOTHING_STORED = "Không lưu được bài nào."
STATUS = {"added": "đã thêm", "updated": "đã cập nhật", "unchanged": "đã có, không đổi"}
