"""An agency's tier, signing name and self-reference, and what its level lets it claim (规章)."""

from __future__ import annotations

import pytest

from schemas.agency import can_make_regulations, infer_level, regions, self_name, signing_name, tier


@pytest.mark.parametrize(
    ("name", "level", "signs", "calls_itself"),
    [
        ("七户乡", "township", "七户乡人民政府", "本乡"),
        ("和平镇", "township", "和平镇人民政府", "本镇"),
        ("示例县和平镇人民政府", "township", "示例县和平镇人民政府", "本镇"),
        ("东城街道", "township", "东城街道办事处", "本街道"),
        ("东城街道办事处", "township", "东城街道办事处", "本街道"),
        ("示例县", "county_government", "示例县人民政府", "本县"),
        ("示例县人民政府", "county_government", "示例县人民政府", "本县"),
        ("示例市人民政府", "county_government", "示例市人民政府", "本市"),
        ("示例县市场监督管理局", "department", "示例县市场监督管理局", "本局"),
        ("示例市发展和改革委员会", "department", "示例市发展和改革委员会", "本委"),
        ("示例县人民政府办公室", "department", "示例县人民政府办公室", "本办"),
        ("示例省人力资源和社会保障厅", "department", "示例省人力资源和社会保障厅", "本厅"),
        ("教育部", "department", "教育部", "本部"),
    ],
)
def test_signing_name_and_self_reference(name, level, signs, calls_itself):
    assert signing_name(name, level) == signs
    assert self_name(name, level) == calls_itself


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("七户乡", "township", "township"),
        ("示例县市场监督管理局", "department", "county"),
        ("示例市市场监督管理局", "department", "city"),  # 市场 is no second region
        ("示例市城市管理局", "department", "city"),  # nor is 城市
        ("示例市示例区人民政府", "county_government", "county"),
        ("江苏省宿迁市人民政府", "county_government", "city"),
        ("江苏省宿迁市沭阳县教育局", "department", "county"),
        ("示例省人民政府", "county_government", "province"),
        ("北京市人民政府", "county_government", "province"),
        ("北京市海淀区人民政府", "county_government", "county"),
        ("新疆维吾尔自治区人民政府", "county_government", "province"),
        ("国家税务总局", "department", "national"),
        ("教育部", "department", "national"),
    ],
)
def test_tier(name, level, expected):
    assert tier(name, level) == expected


def test_regions_read_from_the_front_of_the_name():
    assert regions("江苏省宿迁市沭阳县市场监督管理局") == ["江苏省", "宿迁市", "沭阳县"]
    assert regions("示例市社区服务中心") == ["示例市"]


@pytest.mark.parametrize(
    ("name", "level", "can"),
    [
        ("七户乡", "township", False),
        ("示例县人民政府", "county_government", False),
        ("示例县市场监督管理局", "department", False),
        ("示例省市场监督管理局", "department", False),  # a province's department drafts, the government makes them
        ("示例省人民政府", "county_government", True),
        ("江苏省宿迁市人民政府", "county_government", True),
        ("教育部", "department", True),
    ],
)
def test_who_can_make_regulations(name, level, can):
    assert can_make_regulations(name, level) is can


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("七户乡", "township"),
        ("和平镇人民政府", "township"),
        ("东城街道办事处", "township"),
        ("示例县人民政府", "county_government"),
        ("示例县", "county_government"),
        ("示例县人民政府办公室", "department"),
        ("示例县市场监督管理局", "department"),
    ],
)
def test_level_inferred_from_the_name(name, level):
    assert infer_level(name) == level
