#!/bin/sh
# Đăng trang định kỳ trên máy chủ (README, mục "Đăng định kỳ trên máy chủ"): kéo bản mới biên tập viên đã
# đẩy lên git, dựng lại trang (bản tin hẹn giờ đến giờ thì lên trang), rồi đếm lượt truy cập.
#
#   */10 * * * * /srv/bantin/deploy/publish.sh >> /var/log/bantin-publish.log 2>&1
#
# BANTIN_LOGS: nhật ký máy chủ web cho `make visits` (mặc định /var/log/nginx/access.log*); BANTIN_LOGS=""
# thì không đếm. Không lần chạy nào ghi vào tệp git theo dõi (số đếm nằm ở .bantin-state/), nên `git pull`
# không bao giờ vướng thay đổi của chính máy chủ. Lỗi ở một bước không chặn các bước sau: kéo bản mới
# không được thì vẫn dựng bản đang có và vẫn đếm; mã thoát khác 0 để cron gửi thư báo.
set -u
cd "$(dirname "$0")/.." || exit 1
mkdir -p .bantin-state && chmod 700 .bantin-state || exit 1

# Hai lần chạy không bao giờ chồng lên nhau: lần sau thấy lần trước chưa xong thì bỏ lượt.
exec 9>.bantin-state/publish.lock
if ! flock -n 9; then
    echo "$(date '+%F %T') Lần đăng trước chưa xong: bỏ qua lần này."
    exit 0
fi

status=0
# Không hỏi mật khẩu (cron không có ai trả lời) và không chờ mạng quá 5 phút.
if ! said=$(GIT_TERMINAL_PROMPT=0 timeout 300 git pull --ff-only -q 2>&1); then
    status=1
    echo "$(date '+%F %T') Lỗi: không kéo được bản mới từ git (git pull --ff-only); trang được dựng lại từ" \
         "bản đang có trên máy chủ, bản tin mới chưa lên trang." >&2
    changed=$(git status --porcelain --untracked-files=no)
    if [ -n "$changed" ]; then
        echo "  Các tệp git theo dõi bị sửa ngay trên máy chủ (chép ra chỗ khác nếu cần giữ, rồi trả lại" \
             "bản của git: git checkout -- <tệp>):" >&2
        echo "$changed" | sed 's/^/    /' >&2
    fi
    echo "  Git báo: $said" | head -n 20 >&2
fi

make -s build || status=1

if [ -n "${BANTIN_LOGS=/var/log/nginx/access.log*}" ]; then
    make -s visits LOGS="$BANTIN_LOGS" || status=1
fi
exit $status
