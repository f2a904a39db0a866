"""Demo articles: the heritage the 2022 report names (西汉乐舞杂技彩陶塑, 《四蟹灯》《猫蝶富贵》《葡萄软月》) and two
文明实践 news items. The texts are short demo write-ups, not the official descriptions."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from accounts.models import User
from articles.models import Article

# (kind, title, summary, body, picture colour)
ARTICLES = [
    (
        "heritage",
        "国宝级文物：西汉乐舞杂技彩陶塑",
        "出土于堤口辖区的西汉乐舞杂技彩陶塑，再现两千年前宴饮中的乐舞百戏。",
        "<p>西汉乐舞杂技彩陶塑出土于堤口辖区，一组二十余人，有奏乐、舞蹈、杂技和观赏者，"
        "是研究汉代乐舞百戏的珍贵实物。</p><h2>看点</h2><ul><li>倒立、柔术等杂技动作栩栩如生</li>"
        "<li>乐队编排完整，鼓、瑟、笙各有其位</li></ul><p>街道通过文明实践站讲解、社区展板等方式广泛宣传，"
        "让“文化堤口”深入人心。</p>",
        (176, 92, 60),
    ),
    (
        "heritage",
        "非遗《四蟹灯》：一盏灯里的老济南",
        "《四蟹灯》《猫蝶富贵》《葡萄软月》等非遗项目在堤口传承。",
        "<p>《四蟹灯》以竹篾扎骨、彩纸糊面，四只螃蟹首尾相衔，寓意四季平安。</p>"
        "<blockquote>传承人每年元宵节前在社区开设扎灯课堂。</blockquote>"
        "<p>同在堤口传承的还有《猫蝶富贵》《葡萄软月》等非遗作品。</p>",
        (200, 60, 50),
    ),
    (
        "practice",
        "“道德讲堂”走进堤口庄社区",
        "新时代文明实践站举办道德讲堂，身边好人讲述身边事。",
        "<p>新时代文明实践站在堤口庄社区举办“道德讲堂”，居民代表和志愿者共同参加。</p>"
        "<p>活动中，身边好人讲述了邻里互助的故事，现场居民深受感动。</p>",
        (60, 120, 190),
    ),
    (
        "practice",
        "“我们的节日·端午”志愿服务活动",
        "志愿者走进老旧小区，和居民一起包粽子、做香囊。",
        "<p>端午节前，学雷锋志愿服务队走进改造后的老旧小区，与居民一起包粽子、做香囊，并为独居老人送去节日问候。</p>",
        (70, 150, 90),
    ),
]


def _picture(colour) -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([40, 200, 440, 280], fill=(240, 230, 210))
    draw.ellipse([180, 60, 300, 180], fill=(250, 240, 220))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("picture.jpg", buffer.getvalue(), content_type="image/jpeg")


def load(stdout=None) -> dict:
    from articles.services import article_publish, article_save, images_add

    editor = User.objects.filter(username="assessor", is_demo=True).first()
    if editor is None:
        return {"articles": 0}
    made = 0
    for kind, title, summary, body, colour in ARTICLES:
        if Article.objects.filter(title=title).exists():
            continue
        article = article_save(actor=editor, kind=kind, title=title, body=body, summary=summary)
        images_add(actor=editor, article=article, files=[_picture(colour)], caption=title[:40])
        article_publish(actor=editor, article=article, publish=True)
        Article.objects.filter(pk=article.pk).update(is_demo=True)
        made += 1
    return {"articles": made}
