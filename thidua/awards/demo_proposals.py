"""Demo commendation workflow for 2025 at Công đoàn Sở Thông tin và Truyền thông (seed 000), built through the
services so every number, status and event is what a real run would produce:

- a proposal from the union group "Bưu chính - Viễn thông - Công nghệ thông tin, Thanh tra" to the grassroots union
  (two Lao động tiên tiến, one Chiến sĩ thi đua cơ sở), received, the CSTĐCS put to a council session of three
  members (two vote on the system, the secretary is away and votes in writing), closed, then an award decision;
- a proposal from the grassroots union to Công đoàn Viên chức tỉnh (Tập thể lao động tiên tiến), submitted and
  waiting to be received, so the upper union's "incoming" list is not empty.

Items that the eligibility check cannot confirm from the demo records carry a reason, as an officer would write.
Running it twice changes nothing.
"""

import datetime

from django.db import transaction

from thidua.accounts.models import User
from thidua.awards import services
from thidua.awards.choices import Attendance, BallotChoice, SeatRole
from thidua.awards.models import Proposal
from thidua.members.models import Member
from thidua.organizations.models import Unit

D = datetime.date
YEAR = 2025
SUBJECT = "Đề nghị khen thưởng danh hiệu thi đua năm 2025"
ACHIEVEMENTS = "Hoàn thành tốt nhiệm vụ, tích cực tham gia phong trào thi đua năm 2025"
REASON = "Dữ liệu minh họa: thành tích đã được tổ công đoàn bình xét, hồ sơ bổ sung sau"
GROUP = "Bưu chính - Viễn thông - Công nghệ thông tin, Thanh tra"
TTTT = "Công đoàn Sở Thông tin và Truyền thông"


def _add(proposal: Proposal, code: str, *, member: Member | None = None, unit: Unit | None = None) -> None:
    item = services.item_add(proposal=proposal, title_code=code, member=member, unit=unit, achievements=ACHIEVEMENTS)
    if item.eligible is False:
        services.item_update(item=item, override_reason=REASON)


@transaction.atomic
def load() -> int:
    group = Unit.objects.filter(name=GROUP).first()
    tttt = Unit.objects.filter(name=TTTT).first()
    if group is None or tttt is None or Proposal.objects.filter(subject_line=SUBJECT).exists():
        return 0
    chair = User.objects.filter(username="chutich.tttt").first()
    council = User.objects.filter(username="hoidong.tttt").first()
    people = list(Member.objects.filter(unit=group).order_by("code")[:3])
    if chair is None or council is None or len(people) < 3:
        return 0

    proposal = services.proposal_create(proposing_unit=group, to_unit=tttt, year=YEAR, subject_line=SUBJECT,
                                        signer_name=people[0].full_name,
                                        signer_title="Tổ trưởng công đoàn")  # fmt: skip
    _add(proposal, "ldtt", member=people[1])
    _add(proposal, "ldtt", member=people[2])
    _add(proposal, "cstdcs", member=people[0])
    proposal = services.proposal_submit(proposal=proposal, on=D(YEAR, 12, 10))
    services.proposal_receive(proposal=proposal)

    session = services.session_create(unit=tttt, name="Phiên họp Hội đồng Thi đua - Khen thưởng năm 2025",
                                      held_on=D(YEAR, 12, 18), place="Phòng họp tầng 2, Sở Thông tin và Truyền thông",
                                      seats=[
                                          {"full_name": chair.full_name or "Hoàng Thanh Hiến", "user": chair,
                                           "position": "Chủ tịch Công đoàn", "role": SeatRole.CHAIR},
                                          {"full_name": council.full_name or "Thành viên Hội đồng", "user": council,
                                           "position": "Ủy viên Ban Chấp hành", "role": SeatRole.MEMBER},
                                          {"full_name": "Trần Thị Hoa Lý", "position": "Phó Chủ tịch Công đoàn",
                                           "role": SeatRole.SECRETARY, "attendance": Attendance.ABSENT},
                                      ])  # fmt: skip
    cstdcs = [i for i in proposal.items.all() if i.title_code == "cstdcs"]
    session_items = services.session_add_items(session=session, items=cstdcs)
    yes = {si.pk: BallotChoice.YES for si in session_items}
    services.ballot_cast(session=session, user=chair, choices=yes)
    services.ballot_cast(session=session, user=council, choices=yes)
    absent = session.seats.get(attendance=Attendance.ABSENT)
    services.written_ballot_enter(session=session, seat=absent, choices=yes)
    services.session_close(session=session)

    services.decision_issue(issuer=tttt, decided_on=D(YEAR, 12, 25),
                            subject_line="Về việc tặng danh hiệu thi đua năm 2025",
                            signer_name=chair.full_name or "Hoàng Thanh Hiến", signer_title="Chủ tịch",
                            items=list(proposal.items.all()), session=session)  # fmt: skip

    upper = tttt.parent
    if upper is not None:
        onward = services.proposal_create(proposing_unit=tttt, to_unit=upper, year=YEAR,
                                          subject_line="Đề nghị tặng danh hiệu Tập thể lao động tiên tiến năm 2025",
                                          signer_name=chair.full_name or "Hoàng Thanh Hiến",
                                          signer_title="Chủ tịch")  # fmt: skip
        _add(onward, "tt_ldtt", unit=group)
        services.proposal_submit(proposal=onward, on=D(YEAR, 12, 28))
    return 1
