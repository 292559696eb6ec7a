"""The rule catalogue: every rule id the program emits, with its title, severity, scope and meaning, as data.

Rule code builds its findings from it (``schemas.findings.finding`` takes the default severity from here), the
assistant explains findings with it, the grids decide what a finding marks from it, and ``docs/rules.md`` and
``docs/knowledge/rules.md`` are generated from it (``python -m app.assistant.rules_doc``). A rule's meaning is
written here once.

Adding a rule is:

1. one entry here: a ``Rule`` member and its ``RuleInfo`` in ``CATALOGUE`` (title, severity, scope, condition,
   explanation, how to fix it, whether it may be dismissed, source, the words a clerk would ask with);
2. one function in ``app/rules`` (or the importer or drafting check that finds it) that builds its findings with
   ``finding(Rule.X, …)`` and never writes the id as a string;
3. its tests — then ``python -m app.assistant.rules_doc`` to regenerate the two documents (a test fails until
   they match the catalogue).

Ids are a ``StrEnum``: ``Rule.R_A == "R-A"``, so JSON, the database and reports saved by earlier versions keep
the same strings.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning"]
# where a rule looks: one cell, the sums inside a table, last year's report, the narrative text, the report's
# structure (sections, items, format version), or the reading of a published file
Scope = Literal["cell", "table", "cross_year", "narrative", "structure", "reading"]

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告"}
SCOPE_LABELS: dict[str, str] = {
    "cell": "单元格",
    "table": "表内勾稽",
    "cross_year": "跨年度",
    "narrative": "正文",
    "structure": "报告结构",
    "reading": "导入读取",
}


class Rule(StrEnum):
    """Every rule id, in the order the documents list them."""

    R_A = "R-A"
    R_B = "R-B"
    R_C = "R-C"
    R_D = "R-D"
    R_E = "R-E"
    CELL = "CELL"
    R_F = "R-F"
    R_G = "R-G"
    R_H = "R-H"
    FORMAT = "FORMAT"
    LABEL = "LABEL"
    SECTION = "SECTION"
    ITEM = "ITEM"
    PLACEHOLDER = "PLACEHOLDER"
    COPY = "COPY"
    YEAR = "YEAR"
    PARSE = "PARSE"
    PRIVACY = "PRIVACY"
    TEXT = "TEXT"
    QUALITY = "QUALITY"


class RuleInfo(BaseModel):
    """One rule: what users read about it, and the data code decides by."""

    model_config = ConfigDict(frozen=True)

    rule: Rule
    title: str = Field(min_length=1, title="名称")
    severity: Severity | None = Field(title="默认严重程度")  # None: documentation only, never a finding
    draft_severity: Severity | None = Field(default=None, title="本工具草稿中的严重程度")  # None: as ``severity``
    severity_note: str = Field(default="", title="严重程度说明")
    scope: Scope = Field(title="范围")
    condition: str = Field(min_length=1, title="算式或条件")
    explanation: str = Field(min_length=1, title="说明")
    fix: str = Field(min_length=1, title="怎么改")
    dismiss: str = Field(min_length=1, title="能否忽略")
    source: str = Field(min_length=1, title="依据")
    keywords: tuple[str, ...] = Field(min_length=1, title="关键词")
    quote: str = Field(default="", title="官方原文")
    # whether a reviewer may let a finding of this rule through with a written reason (PLACEHOLDER: never — the
    # marker would be published as it stands)
    confirmable: bool = True
    # grids: a sum between cells of one table (shown first in a row's 检查 cell) …
    arithmetic: bool = False
    # … and a finding about a whole column (its message shown under the grid)
    per_column: bool = False

    @property
    def checked(self) -> bool:
        """Whether the program checks this rule (False: it is documented only)."""
        return self.severity is not None

    def severity_for(self, *, own_draft: bool = False) -> Severity:
        """The severity of a finding of this rule, in a published report or in the tool's own draft."""
        if self.severity is None:
            raise ValueError(f"rule {self.rule} is documentation only: no finding has it")
        return (self.draft_severity or self.severity) if own_draft else self.severity


_ENTRIES = (
    RuleInfo(
        rule=Rule.CELL,
        title="空白、“/”和“-”不等于 0",
        severity="error",
        scope="cell",
        condition="每个数值格都要有数字：件数为非负整数；收费金额为非负数（万元，可有小数）；2019年格式的“本年增/减”可以为负。"
        "空白、“/”、“—”、“-”或文字都不是 0。",
        explanation="统一格式要求每格都填数字，没有数据的填 0：空白的格子分不清是“没有”还是“漏填”。",
        fix="在「数据填报」页把该格填上数字；没有数据填 0。件数填非负整数，收费金额填以万元为单位的数。",
        dismiss="这是错误，不应忽略：统一格式要求每格都有数字，没有的填 0。",
        source="国办公开办函〔2021〕30号 统一格式（数值格）；年报助手规则 CELL",
        keywords=("空白", "空格", "为空", "不填", "填0", "斜杠", "横杠", "不是数字", "小数", "负数", "单元格"),
    ),
    RuleInfo(
        rule=Rule.R_A,
        title="表三每列：本年新收 + 上年结转 = （七）总计 + 结转下年度",
        severity="error",
        scope="table",
        condition="表三每一列（自然人、各类法人或其他组织、总计）：一、本年新收 + 二、上年结转 = "
        "三、本年度办理结果（七）总计 + 四、结转下年度继续办理。",
        explanation="这是表三表内印明的勾稽关系：本年要办理的申请（本年新收加上年结转），"
        "要么已有办理结果，要么结转下年度继续办理。",
        fix="逐列核对四个数：一、本年新收，二、上年结转，（七）总计，四、结转下年度继续办理。"
        "通常是（七）总计或结转下年度填错；上年结转应等于上年报告的结转下年度。",
        dismiss="这是错误，不应忽略：它是表内印明的勾稽关系，必须成立。",
        source="国办公开办函〔2021〕30号 统一格式 表三表内注",
        keywords=(
            "勾稽关系",
            "第一项加第二项",
            "第三项加第四项",
            "本年新收加上年结转",
            "结转下年度",
            "表内注",
            "对不上",
        ),
        quote="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        arithmetic=True,
        per_column=True,
    ),
    RuleInfo(
        rule=Rule.R_B,
        title="部分公开只计一次：每件申请只计入一种办理结果",
        severity=None,
        severity_note="不单独核对：程序无法逐件核对申请，违反时表现为 R-D 或 R-A 错误",
        scope="table",
        condition="表三：每件申请只在一行办理结果中出现；区分处理、部分公开部分不公开的，只计入“（二）部分公开”。",
        explanation="一件申请只计入一种办理结果。对同一申请区分处理、部分公开部分不公开的，只计入“（二）部分公开”，"
        "不再同时计入“（三）不予公开”等其他情形。正因为每件申请只在一行出现，各项办理结果之和才等于“（七）总计”"
        "（规则 R-D）。这一条本身无法由程序单独核对，所以不会出现 R-B 的检查发现。",
        fix="按申请逐件核对办理结果：区分处理的申请只计入“（二）部分公开”，从其他办理结果中删去重复的计数。",
        dismiss="本规则不单独产生检查发现，无需忽略；重复计数会表现为 R-D 或 R-A 错误，按那两条处理。",
        source="国办公开办函〔2021〕30号 统一格式 表三“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”",
        keywords=("只计这一情形", "不计其他情形", "重复计数", "计入一种结果"),
        quote="（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    RuleInfo(
        rule=Rule.R_C,
        title="表三每行：总计 = 各类申请人之和",
        severity="error",
        scope="table",
        condition="表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。",
        explanation="“总计”栏是该行各类申请人的合计，不另行统计。",
        fix="核对该行各类申请人的数字；各列无误时，把该行“总计”改为各列之和"
        "（「数据填报」页的“自动计算总计”可代为计算）。",
        dismiss="这是错误，不应忽略：总计必须等于各类申请人之和。",
        source="国办公开办函〔2021〕30号 统一格式 表三（申请人情况 → 总计）",
        keywords=("总计列", "各类申请人", "申请人之和", "行合计", "横向", "总计栏"),
        arithmetic=True,
    ),
    RuleInfo(
        rule=Rule.R_D,
        title="表三每列：（七）总计 = 各项办理结果之和",
        severity="error",
        scope="table",
        condition="表三每一列：（七）总计 = （一）予以公开 + （二）部分公开 + （三）不予公开各项 + （四）无法提供各项 + "
        "（五）不予处理各项 + （六）其他处理（2021年格式为其下三行之和）。",
        explanation="每件申请只有一个办理结果（R-B），所以各项办理结果加起来就是（七）总计。",
        fix="核对该列各项办理结果（予以公开、部分公开、不予公开1—8、无法提供1—3、不予处理1—5、其他处理）；"
        "各行无误时，把“（七）总计”改为它们的和。注意一件申请只计入一种结果（部分公开只计这一情形）。",
        dismiss="这是错误，不应忽略：每件申请只有一个办理结果，各项之和必须等于（七）总计。",
        source="国办公开办函〔2021〕30号 统一格式 表三（三、本年度办理结果）",
        keywords=("办理结果之和", "（七）总计", "办理结果", "纵向", "各项办理结果"),
        arithmetic=True,
        per_column=True,
    ),
    RuleInfo(
        rule=Rule.R_E,
        title="表四：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        severity="error",
        scope="table",
        condition="表四的行政复议、行政诉讼（未经复议直接起诉）、行政诉讼（复议后起诉）三组，每组："
        "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。",
        explanation="每件案件要么已有结果（维持、纠正或其他结果），要么尚未审结，所以四项之和就是总计。",
        fix="核对该组四个结果数；无误时把“总计”改为四项之和（「数据填报」页的“自动计算总计”可代为计算），"
        "正文中的案件数也要随之改正。",
        dismiss="这是错误，不应忽略。",
        source="国办公开办函〔2021〕30号 统一格式 表四",
        keywords=("表四总计", "复议总计", "诉讼总计", "结果维持加结果纠正"),
        arithmetic=True,
    ),
    RuleInfo(
        rule=Rule.R_F,
        title="跨年度：本年上年结转 = 上年结转下年度",
        severity="error",
        severity_note="知道上年报告时才核对",
        scope="cross_year",
        condition="本年表三“二、上年结转政府信息公开申请数量”每一列 = 上年报告表三“四、结转下年度继续办理”的同一列。",
        explanation="上年没有办完、结转到本年的申请，就是本年的上年结转：两年的报告必须衔接。",
        fix="按上年报告表三“四、结转下年度继续办理”逐列填写本年“二、上年结转政府信息公开申请数量”；"
        "如果上年报告本身有误，在正文中说明。",
        dismiss="这是错误（知道上年报告时）。确因上年报告数据更正而不一致的，审核人可写明理由后忽略。",
        source="国办公开办函〔2021〕30号 统一格式 表三；年报助手规则 R-F",
        keywords=("跨年度", "上年结转", "上年报告", "衔接", "去年结转"),
        per_column=True,
    ),
    RuleInfo(
        rule=Rule.R_G,
        title="跨年度：现行有效件数的衔接",
        severity="warning",
        severity_note="知道上年报告时才核对，限2021年格式",
        scope="cross_year",
        condition="表二规章、行政规范性文件分别：现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数。",
        explanation="文件修订、集中清理、统计口径调整都会合理地打破这个等式，所以只提示为警告。",
        fix="核对现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数（规章、行政规范性文件分别计算）。",
        dismiss="这是警告，可以忽略：文件修订、集中清理、统计口径调整都会合理地打破这个等式。"
        "核实后由审核人写明理由（例如“本年集中清理失效文件3件”）即可。",
        source="国办公开办函〔2021〕30号 统一格式 表二；年报助手规则 R-G",
        keywords=("现行有效件数", "现行有效", "制发", "废止", "衔接", "清理"),
    ),
    RuleInfo(
        rule=Rule.R_H,
        title="正文中的数字要与统计表一致",
        severity="warning",
        draft_severity="error",
        severity_note="已发布报告的文字判断是启发式的；本工具的草稿和助手建议中为错误，审核人写明理由确认后才保留",
        scope="narrative",
        condition="正文中说到统计表中的数量（收到申请、予以公开、行政复议、行政诉讼、现行有效件数等）时，"
        "数字 = 表中对应的值或自然的合计（予以公开和部分公开共计、行政处罚和行政强制共计，"
        "行政诉讼 = 未经复议直接起诉 + 复议后起诉，申请总数 = 本年新收 + 上年结转）；"
        "办结率、占比（占办结总数的X%、近九成）和较上年的增减（数量、幅度、方向）= 按两年统计表计算的值"
        "（允许所写位数的四舍五入）；“全部办结”“无结转”“均维持”“均为未经复议直接起诉”与统计表相符；"
        "“较上年的50件”与上年统计表相符；“A、B、C分别为x件、y件、z件”按顺序逐项对应（“依次为”“各N件”同理）。",
        explanation="每个数字按它说的事项读：数值、单位、所指事项（查阅点、新闻发布会、行政复议……）和类别"
        "（数量、合计、比率、占比、增减、日期、序数、法规文号、联系方式、概括词）。本工具起草的文字中，"
        "每个数字都要能追溯到同一事项、同类单位的出处：统计表、程序计算的派生数据、经办人素材"
        "（包括在助手对话中说明的数字）、报告基本信息或法规文号——素材中的“3场”新闻发布会不能作为"
        "“3个”查阅点的出处；日期要见于素材或基本信息。说到统计表数量的数字，无论素材怎么写，"
        "都必须等于统计表。分别列举时事项个数与数字个数不一致的，不猜测对应关系：草稿中视为没有出处，"
        "已发布的报告不提示。已发布的报告只在文字与统计表算出的值矛盾时提示。",
        fix="以统计表为准改正文中的数字；表格本身填错时先改表格。本工具起草或助手建议中没有出处的数字，"
        "删去或改为“【待补充：…】”，或写进工作素材说明来源。",
        dismiss="对导入的已发布报告是警告（文字判断是启发式的）：核实数字无误后可写明理由忽略。"
        "对本工具自己的草稿和助手建议是错误：审核人核实后写明理由确认，才能保留。",
        source="年报助手规则 R-H（正文与统计表的一致性）",
        keywords=("正文数字", "数字不一致", "与表格不一致", "没有出处", "数字出处", "编造", "表述"),
    ),
    RuleInfo(
        rule=Rule.YEAR,
        title="年份和日期与报告年度不符",
        severity="warning",
        draft_severity="error",
        severity_note="本工具的草稿中为错误，审核人写明理由确认后才保留",
        scope="narrative",
        condition="正文中的统计期限 = 报告年度1月1日至12月31日；日期不能写错（如“自20201月1日”）；"
        "其他年份是报告年度，或是：说上一年度的事（上年、较上年、同比、整改）或以上一年度为基础、参照"
        "（“在2024年工作基础上”“延续2024年做法”）时的上一年度，下一年度的工作打算"
        "（如“五”中的“2026年，我局将……”），作为起点或出处的往年（“2018年以来”“自2019年起”“2024年报告中提出的问题”、"
        "文件名中的年份），报告发布、签发日期所在的年份。",
        explanation="从上年报告沿用的年份、写错的统计期限都会被发现；说的确实是上一年度的事（如整改）、"
        "下一年度的打算或作为起点的往年属正常。起草核对、检查和工作台用的是同一条规则。",
        fix="把年份改为报告年度（统计期限为报告年度1月1日至12月31日）；确实说的是上一年度的，写“上年”或加上“上年”字样。",
        dismiss="对导入的已发布报告是警告；本工具自己的草稿中是错误。提到上一年度的事（如整改）属正常，核实后可写明理由忽略。",
        source="国办公开办函〔2021〕30号 统一格式（前言的统计期限）；年报助手规则 YEAR",
        keywords=("年份", "年度不符", "日期", "统计期限错误", "上一年", "去年的年份"),
    ),
    RuleInfo(
        rule=Rule.LABEL,
        title="标签与官方表格不一致",
        severity="warning",
        scope="reading",
        condition="表格的行名、列名 = 统一格式的官方标签：没有错别字、改过的列名、留在标签里的填写说明或自加的本地行。",
        explanation="它不影响数据（导入时按官方标签读取，自加行的数值保留在导入记录中），但发布的表格最好与统一格式一致。",
        fix="按官方表格的原文写行名和列名，删去表中的填写说明和自加的行。本工具导出时总是使用官方标签。",
        dismiss="这是警告，可以忽略：它不影响数据，但发布的表格最好与统一格式一致。",
        source="国办公开办函〔2021〕30号 统一格式",
        keywords=("标签", "表头", "行名", "列名", "错别字", "改了名称", "多了一行"),
    ),
    RuleInfo(
        rule=Rule.ITEM,
        title="缺少应写的事项",
        severity="warning",
        draft_severity="error",
        severity_note="本工具的草稿中必写的部分为空时为错误，审核人写明理由确认后才保留；其余为警告",
        scope="structure",
        condition="应写的事项都写到：2021年格式“一、总体情况”的五个方面（只出现在单位名称、平台名称里的字不算），"
        "“五”的上年问题整改情况，“六”的信息处理费等常见事项，有小标题的部分小标题下要有内容；"
        "本工具的草稿中，前言和每个必写的部分（一的五个方面，五的整改情况、存在的问题、改进措施，"
        "六的信息处理费、工作要点、建议提案）都不能为空，还有本地要求的必写事项和字数上限。",
        explanation="2021年格式要求“不能遗漏，也不宜泛化”；缺少时提示为警告，确实没有可写的事项时可以不写。"
        "本工具起草时，没有素材的部分应写“【待补充：…】”，留空就是漏写。",
        fix="补写缺少的事项（一、总体情况的五个方面；五、上年问题整改情况；六、信息处理费等常见事项），"
        "把“【待补充：…】”换成实际内容，超出字数上限的压缩。",
        dismiss="这是警告，可以忽略：确实没有可写的事项（例如本年没有创新工作）时，核实后写明理由即可。"
        "但“不能遗漏，也不宜泛化”，漏写五个方面之一通常不宜忽略。",
        source="国办公开办函〔2021〕30号 统一格式；各地年度报告要求",
        keywords=("缺少", "漏项", "应写", "必须写到", "待补充", "字数", "五个方面", "整改情况", "缺项"),
    ),
    RuleInfo(
        rule=Rule.PLACEHOLDER,
        title="正文中还有“【待补充】”",
        severity="error",
        scope="narrative",
        condition="准备发布的正文中没有“【待补充】”“【待补充：…】”标记；本工具起草的报告还须有落款的成文日期"
        "（基本信息的发布日期或审核签发的日期），否则落款会印出“【待补充：成文日期】”。",
        explanation="起草时没有素材的事项写成“【待补充：…】”，提醒经办人补写；它留在正文里就会被原样发布。"
        "还有它时，严格导出（export --strict）和工作台的导出页都拒绝导出。",
        fix="把“【待补充：…】”换成实际内容；确实没有可写的，删去标记并如实写明（例如“本年度无此项工作。”）；"
        "成文日期在「基本信息」填写发布日期，或在审核签发时填写日期。",
        dismiss="不能忽略：标记会原样出现在发布的成稿中，审核人也不能确认放行；补写内容或删去标记后才能导出。",
        confirmable=False,
        source="年报助手规则 PLACEHOLDER",
        keywords=("待补充", "占位", "没写完", "补写", "未完成", "成文日期", "落款日期"),
    ),
    RuleInfo(
        rule=Rule.COPY,
        title="与上年报告内容雷同",
        severity="warning",
        severity_note="知道上年报告时才核对；批量审核中也比较各单位之间的雷同",
        scope="cross_year",
        condition="正文的每一部分（前言除外）与上年报告的同一部分不能高度相似，其中每一段也不能与上年的某一段几乎相同。",
        explanation="2021年格式通知把“内容雷同”列为要追究责任的情形：每年的报告应写本年的做法、数据和问题。",
        fix="按本年度的实际工作重写该部分：换上本年的做法、数据和问题，不沿用上年的句子。"
        "可以让助手“换个写法”，再核实内容。",
        dismiss="这是警告，但不宜轻易忽略：内容雷同是2021年格式通知中明确要追究责任的情形之一。",
        source="国办公开办函〔2021〕30号（四）明确责任；《中华人民共和国政府信息公开条例》第四十七条",
        keywords=("雷同", "照抄", "和去年一样", "太像", "重复", "相似", "抄袭"),
    ),
    RuleInfo(
        rule=Rule.PARSE,
        title="导入时需要核对的内容",
        severity="warning",
        severity_note="没有读到或无法确定如何拆分的值为错误",
        scope="reading",
        condition="导入的已发布报告中，每个表格单元格都能确定地读出（不缺行，连在一起的数字只有一种拆法），"
        "单位名称和报告年度能识别。",
        explanation="表格无法确定地读取时（数字连在一起有多种拆法、缺行等），程序如实说明，不会悄悄猜测。",
        fix="对照原文件核对并在「数据填报」页改正该处数字。",
        dismiss="值未知时是错误，应补上；其余是警告，核对原文件无误后可以忽略。",
        source="年报助手规则 PARSE",
        keywords=("读取", "导入", "识别", "连在一起", "无法确定", "解析"),
    ),
    RuleInfo(
        rule=Rule.PRIVACY,
        title="公开文本中的个人信息",
        severity="warning",
        scope="narrative",
        condition="准备公开的文字中没有身份证号、联系栏以外的手机号、银行卡号、申请人姓名。",
        explanation="年度报告要向社会公开，其中不能出现申请人等个人的信息。",
        fix="删去或隐去身份证号、联系栏以外的手机号、银行卡号、申请人姓名等个人信息。",
        dismiss="这是警告。确属公开的联系方式（如单位公开的联系电话）可写明理由后忽略。",
        source="年报助手规则 PRIVACY",
        keywords=("个人信息", "身份证号", "手机号", "银行卡", "申请人姓名", "隐私"),
    ),
    RuleInfo(
        rule=Rule.TEXT,
        title="正文混入不属于报告的文字或排版符号",
        severity="warning",
        draft_severity="error",
        severity_note="本工具的草稿中为错误，审核人写明理由确认后才保留",
        scope="narrative",
        condition="正文中没有模型的自我说明或回复（“作为AI”“语言模型”“以下是”“起草如下”“根据您提供的材料”等），"
        "没有写给使用者的问候、提醒和说明（“您好”“仅供参考”“请根据实际情况修改”“需人工核对”"
        "“本段数据来源于统计表派生表述”“依据经办人素材起草”等），"
        "没有照抄起草要求或提示词的句子，没有 Markdown 符号（“#”标题、“**”加粗、“- ”列表、“|”表格），"
        "各部分、各小节的正文不重复自己的标题。",
        explanation="这些文字是起草时留下的痕迹，不是报告的内容；发布出去会让报告显得粗糙，甚至泄露起草方式。",
        fix="删去模型的说明、照抄的起草要求和排版符号；正文开头重复的标题删去（标题由程序排版）。",
        dismiss="对导入的已发布报告是警告；本工具自己的草稿中是错误，应删改，不宜忽略。",
        source="年报助手规则 TEXT",
        keywords=(
            "作为AI",
            "语言模型",
            "以下是",
            "仅供参考",
            "人工核对",
            "派生表述",
            "提示词",
            "Markdown",
            "井号",
            "星号",
            "重复标题",
            "排版符号",
        ),
    ),
    RuleInfo(
        rule=Rule.QUALITY,
        title="文字质量",
        severity="warning",
        severity_note="只核对本工具起草的部分，已发布的报告不提示",
        scope="narrative",
        condition="本工具起草的每一部分：同一句话或一句中较长的分句（标点、空格不计，或几乎相同）不写两次，同一部分中同一事实"
        "（同一事项、同一数字）不写两次；“五”的改进措施不少于存在的问题（一个问题一条措施）；"
        "不用空话套话（如“认真贯彻落实《条例》”“规范化、精细化水平还需进一步提高”“取得显著成效”）；"
        "篇幅不明显超出同级报告这一部分的通常字数（只有“【待补充】”的部分不计）。",
        explanation="审核人签发的年报每个事实只写一次，每个问题都有针对它的改进措施，写的是本单位本年度的做法、"
        "数字和问题。重复的句子和事实、对不上问题的笼统措施、放之四海而皆准的套话，会让报告显得敷衍，"
        "也会让各单位、各年度的报告彼此雷同。与上年报告或其他单位报告雷同见规则 COPY。",
        fix="删去重复的句子，同一事实合并为一句；为每个问题写一条针对它的改进措施（可用“一是…二是…”）；"
        "把套话换成具体的做法、数字和结果，或删去；过长的部分压缩，过短的部分补写本年的做法和数据。",
        dismiss="这是警告，可以忽略：确属需要（例如为照应上文而重复一个数字）时，审核人写明理由即可。",
        source="国办公开办函〔2021〕30号（不能遗漏，也不宜泛化；内容雷同要追究责任）；年报助手规则 QUALITY",
        keywords=(
            "文字质量",
            "句子重复",
            "写了两次",
            "说了两遍",
            "套话",
            "空话",
            "改进措施",
            "一个问题一条措施",
            "篇幅",
            "偏长",
            "偏短",
        ),
    ),
    RuleInfo(
        rule=Rule.FORMAT,
        title="表格格式与报告年度不符",
        severity="warning",
        scope="structure",
        condition="2021年及以后的报告使用2021年格式（国办公开办函〔2021〕30号）的表格；"
        "2019、2020年的报告使用2019年格式（国办公开办函〔2019〕60号）。",
        explanation="格式与年度不符，通常是套用了旧模板（或者反过来）；两种格式的表二栏目和表三“（六）其他处理”不同。",
        fix="按报告年度选用格式：2021年及以后的报告用2021年格式，2019、2020年的报告用2019年格式。",
        dismiss="这是警告。格式与年度不符通常是套用了旧模板，应改用正确的格式；"
        "确属有意（例如补录旧报告）时审核人可写明理由后忽略。",
        source="国办公开办函〔2021〕30号；国办公开办函〔2019〕60号",
        keywords=("格式不符", "格式与年度", "用错格式", "旧模板"),
    ),
    RuleInfo(
        rule=Rule.SECTION,
        title="缺少年度报告的某一部分",
        severity="error",
        scope="structure",
        condition="年度报告有统一格式的六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；"
        "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。",
        explanation="没有内容的部分也要保留标题并如实写明（例如“无。”）。",
        fix="补上缺少的部分；没有内容的部分也要保留标题并如实写明（例如“无。”）。",
        dismiss="这是错误，不应忽略：统一格式的六个部分都必须有。",
        source="国办公开办函〔2021〕30号 统一格式",
        keywords=("缺少某一部分", "部分缺失", "少了一部分"),
    ),
)

_BY_RULE = {e.rule: e for e in _ENTRIES}
CATALOGUE: dict[Rule, RuleInfo] = {r: _BY_RULE[r] for r in Rule}  # a rule without its entry fails here, at import


def rule_info(rule: Rule | str) -> RuleInfo:
    """The catalogue entry of ``rule`` (a ``Rule`` or its id string)."""
    return CATALOGUE[Rule(rule)]


def rules_where(**conditions: object) -> frozenset[Rule]:
    """The rules whose entries have every given field value (``rules_where(arithmetic=True)``)."""
    return frozenset(
        r for r, e in CATALOGUE.items() if all(getattr(e, name) == value for name, value in conditions.items())
    )


__all__ = [
    "CATALOGUE",
    "SCOPE_LABELS",
    "SEVERITY_LABELS",
    "Rule",
    "RuleInfo",
    "Scope",
    "Severity",
    "rule_info",
    "rules_where",
]
