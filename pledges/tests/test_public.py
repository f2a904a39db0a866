from django.test import Client

from pledges import services


def test_the_public_list_shows_done_items_of_the_community_without_personal_data(register):
    done = register.pledge(title="修复健身器材")
    services.pledge_status(actor=register.owner, pledge=done, status="done")
    services.pledge_feedback(
        actor=register.owner, pledge=done, feedback="satisfied", text="王师傅修得好，电话13800000015"
    )
    register.pledge(title="还在办的实事")
    html = Client().get("/public/pledges/", {"community": "DK-C01"}).content.decode()
    assert "修复健身器材" in html and "还在办的实事" not in html
    for personal in ("张阿姨", "13912345678", "13800000015", "王师傅", register.owner.name, register.owner.username):
        assert personal not in html


def test_another_communitys_list_leaves_this_one_out(register):
    done = register.pledge(title="修复健身器材")
    services.pledge_status(actor=register.owner, pledge=done, status="done")
    html = Client().get("/public/pledges/", {"community": "DK-C02"}).content.decode()
    assert "修复健身器材" not in html
