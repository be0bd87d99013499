"""The evaluation API: the scope contract of every operation, conflicts answered 409, bad input 422."""

from functools import cached_property

import pytest

from thidua.api.tests.contract import Case
from thidua.core.testing import Personas
from thidua.evaluation import services
from thidua.evaluation.tests import factories as f
from thidua.organizations.services import cluster_create


class _Objects:
    def __init__(self, p: Personas):
        self.p = p

    @cached_property
    def movement(self):
        return f.make_movement(self.p)

    @cached_property
    def open(self):
        return f.open_round(self.p, movement=self.movement)

    @cached_property
    def deciding(self):
        return f.to_decision(self.p, f.open_round(self.p))

    @cached_property
    def published(self):
        r = f.finalise(self.p, f.open_round(self.p))
        return services.round_publish(evaluation_round=r, by=self.p.chair)

    def mine(self, evaluation_round):
        return f.submission(evaluation_round, self.p.member_record)


def cases(p: Personas, o: _Objects, operation) -> list[Case]:
    e = "/api/evaluation"
    if operation == ("get", f"{e}/rounds"):
        return [Case(url=f"{e}/rounds?unit={p.grassroots.pk}", allowed=p.council, outside=[p.outsider])]
    if operation == ("post", f"{e}/rounds"):
        data = {"unit": p.grassroots.pk, "movement": o.movement.pk, "year": 2025,
                "self_assessment_due": str(f.soon(10)), "review_due": str(f.soon(20)),
                "decision_due": str(f.soon(30))}  # fmt: skip
        return [
            Case(
                url=f"{e}/rounds",
                method="post",
                data=data,
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
                ok_status=(201,),
            )
        ]
    r = o.open
    if operation == ("get", f"{e}/rounds/{{round_id}}"):
        return [Case(url=f"{e}/rounds/{r.pk}", allowed=p.member, outside=[p.outsider])]
    if operation == ("patch", f"{e}/rounds/{{round_id}}"):
        return [
            Case(
                url=f"{e}/rounds/{r.pk}",
                method="patch",
                data={"name": "Bình xét năm 2025 (sửa)"},
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
            )
        ]
    if operation == ("post", f"{e}/rounds/{{round_id}}/steps/{{step}}"):
        return [
            Case(
                url=f"{e}/rounds/{r.pk}/steps/start_review",
                method="post",
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
            )
        ]
    if operation == ("get", f"{e}/rounds/{{round_id}}/board"):
        return [
            Case(url=f"{e}/rounds/{r.pk}/board", allowed=p.group_leader, without_role=[p.member], outside=[p.outsider])
        ]
    if operation == ("get", f"{e}/rounds/{{round_id}}/submissions"):
        return [Case(url=f"{e}/rounds/{r.pk}/submissions", allowed=p.member, outside=[p.outsider])]
    if operation == ("get", f"{e}/submissions/{{submission_id}}"):
        return [Case(url=f"{e}/submissions/{o.mine(r).pk}", allowed=p.member, outside=[p.outsider])]
    if operation == ("put", f"{e}/submissions/{{submission_id}}/self-assessment"):
        s = o.mine(r)
        return [
            Case(
                url=f"{e}/submissions/{s.pk}/self-assessment",
                method="put",
                data={"version": s.version},
                allowed=p.member,
                without_role=[p.chair, p.group_leader],
                outside=[p.outsider],
            )
        ]
    if operation == ("put", f"{e}/submissions/{{submission_id}}/review"):
        s = f.self_assess(o.mine(r))
        return [
            Case(
                url=f"{e}/submissions/{s.pk}/review",
                method="put",
                data={"version": s.version},
                allowed=p.group_leader,
                without_role=[p.council, p.member],
                outside=[p.outsider],
            )
        ]
    if operation == ("post", f"{e}/submissions/{{submission_id}}/return"):
        s = f.self_assess(o.mine(r))
        return [Case(url=f"{e}/submissions/{s.pk}/return", method="post", data={"version": s.version,
                     "reason": "Bổ sung"}, allowed=p.group_leader, without_role=[p.council, p.member],
                     outside=[p.outsider])]  # fmt: skip
    if operation == ("put", f"{e}/submissions/{{submission_id}}/decision"):
        s = o.mine(o.deciding)
        return [
            Case(
                url=f"{e}/submissions/{s.pk}/decision",
                method="put",
                data={"version": s.version},
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
            )
        ]
    if operation == ("get", f"{e}/rounds/{{round_id}}/results"):
        return [
            Case(url=f"{e}/rounds/{o.published.pk}/results", allowed=p.member, outside=[p.outsider]),
            Case(url=f"{e}/rounds/{r.pk}/results", allowed=p.council, without_role=[p.member]),
        ]
    if operation == ("get", f"{e}/rounds/{{round_id}}/unit-results"):
        return [Case(url=f"{e}/rounds/{r.pk}/unit-results", allowed=p.council, outside=[p.outsider])]
    if operation == ("patch", f"{e}/unit-results/{{result_id}}"):
        result = r.unit_results.get(unit=p.group)
        return [Case(url=f"{e}/unit-results/{result.pk}", method="patch", data={"version": result.version,
                     "score": 80}, allowed=p.chair, without_role=[p.council, p.group_leader],
                     outside=[p.outsider])]  # fmt: skip
    if operation == ("post", f"{e}/submissions/{{submission_id}}/objections"):
        s = o.mine(o.published)
        return [Case(url=f"{e}/submissions/{s.pk}/objections", method="post", data={"text": "Xem lại"},
                     allowed=p.member, without_role=[p.chair, p.group_leader], outside=[p.outsider],
                     ok_status=(201,))]  # fmt: skip
    if operation == ("get", f"{e}/rounds/{{round_id}}/objections"):
        return [Case(url=f"{e}/rounds/{o.published.pk}/objections", allowed=p.member, outside=[p.outsider])]
    if operation == ("post", f"{e}/objections/{{objection_id}}/resolve"):
        objection = services.objection_submit(submission=o.mine(o.published), text="Xem lại")
        return [
            Case(
                url=f"{e}/objections/{objection.pk}/resolve",
                method="post",
                data={"accept": False, "resolution": "Giữ nguyên"},
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
            )
        ]
    if operation == ("get", f"{e}/clusters/{{cluster_id}}/ranking"):
        cluster = cluster_create(name="Cụm số 1", kind="cluster", year=2025, organizer=p.upper, units=[p.grassroots])
        return [Case(url=f"{e}/clusters/{cluster.pk}/ranking", allowed=p.council, outside=[p.outsider])]
    raise AssertionError(operation)


E = "/api/evaluation"
OPERATIONS = [
    ("get", f"{E}/rounds"), ("post", f"{E}/rounds"), ("get", f"{E}/rounds/{{round_id}}"),
    ("patch", f"{E}/rounds/{{round_id}}"), ("post", f"{E}/rounds/{{round_id}}/steps/{{step}}"),
    ("get", f"{E}/rounds/{{round_id}}/board"), ("get", f"{E}/rounds/{{round_id}}/submissions"),
    ("get", f"{E}/submissions/{{submission_id}}"), ("put", f"{E}/submissions/{{submission_id}}/self-assessment"),
    ("put", f"{E}/submissions/{{submission_id}}/review"), ("post", f"{E}/submissions/{{submission_id}}/return"),
    ("put", f"{E}/submissions/{{submission_id}}/decision"), ("get", f"{E}/rounds/{{round_id}}/results"),
    ("get", f"{E}/rounds/{{round_id}}/unit-results"), ("patch", f"{E}/unit-results/{{result_id}}"),
    ("post", f"{E}/submissions/{{submission_id}}/objections"), ("get", f"{E}/rounds/{{round_id}}/objections"),
    ("post", f"{E}/objections/{{objection_id}}/resolve"), ("get", f"{E}/clusters/{{cluster_id}}/ranking"),
]  # fmt: skip


@pytest.mark.parametrize("operation", OPERATIONS, ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in cases(personas, _Objects(personas), operation):
        case.check(client)


def test_two_reviewers_saving_the_same_version_the_second_gets_409(client, personas):
    p = personas
    r = f.open_round(p)
    s = f.self_assess(f.submission(r, p.member_record))
    ids = f.criterion_ids(r)
    url = f"/api/evaluation/submissions/{s.pk}/review"
    client.force_login(p.group_leader)
    first = client.put(url, {"version": s.version, "scores": {ids["1"]: 55}}, content_type="application/json")
    assert first.status_code == 200
    assert first.json()["version"] == s.version + 1
    client.force_login(p.chair)
    second = client.put(url, {"version": s.version, "scores": {ids["1"]: 40}}, content_type="application/json")
    assert second.status_code == 409
    assert second.json()["current_version"] == s.version + 1
    assert "Không có gì bị ghi đè" in second.json()["detail"]
    scores = {row["criterion_id"]: row["review_score"] for row in client.get(
        f"/api/evaluation/submissions/{s.pk}").json()["scores"]}  # fmt: skip
    assert scores[ids["1"]] == "55.00"


def test_out_of_range_scores_and_steps_out_of_order_are_422_with_the_reason(client, personas):
    p = personas
    r = f.open_round(p)
    s = f.submission(r, p.member_record)
    ids = f.criterion_ids(r)
    client.force_login(p.member)
    response = client.put(f"/api/evaluation/submissions/{s.pk}/self-assessment",
                          {"version": s.version, "scores": {ids["1"]: 61, ids["2"]: 5}},
                          content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[f"score_{ids['1']}"] == ["Điểm tiêu chí «Hoàn thành nhiệm vụ chuyên môn được giao» phải từ 0 đến 60."]
    assert "tính tự động" in errors[f"score_{ids['2']}"][0]
    client.force_login(p.chair)
    response = client.post(f"/api/evaluation/rounds/{r.pk}/steps/finalise")
    assert response.status_code == 422
    assert "cần ở bước «Ban Chấp hành đang xét»" in response.json()["errors"]["__all__"][0]
    assert client.post(f"/api/evaluation/rounds/{r.pk}/steps/celebrate").status_code == 404


def test_a_member_self_assesses_and_submits_through_the_api(client, personas):
    p = personas
    r = f.open_round(p)
    s = f.submission(r, p.member_record)
    ids = f.criterion_ids(r)
    client.force_login(p.member)
    response = client.put(f"/api/evaluation/submissions/{s.pk}/self-assessment",
                          {"version": s.version, "scores": {ids["1"]: "52.5", ids["4"]: 10},
                           "explanations": {ids["1"]: "Đúng hạn 100%"}, "submit": True},
                          content_type="application/json")  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["self_total"]) == ("submitted", "72.50")
    other = f.submission(r, p.colleague)
    assert client.put(f"/api/evaluation/submissions/{other.pk}/self-assessment", {"version": other.version},
                      content_type="application/json").status_code == 404  # fmt: skip
