//! PDF stage, structure: the roles of a document's blocks and the marked content drawn
//! for each → the tag tree of a tagged PDF (PDF/UA-1), in reading order.
//!
//! The page drawing ([`super::write`]) marks each stretch of a line's text as content of
//! its own and tells [`Structure`] which block it belongs to, whether it is a label (a
//! list marker or a row's key) and which link it is the text of. From the blocks' roles
//! ([`Role`]) and that content this module builds the tree:
//!
//! ```text
//! Document (Lang)
//! ├─ H1 name                      Title
//! ├─ P headline, contact line     Paragraph, Contact (its links as Link)
//! └─ Sect                         from a Heading to the next
//!    ├─ H2 section title          Heading
//!    ├─ P section text
//!    ├─ Sect                      an entry, from its heading to the next
//!    │  ├─ H3 title, subtitle, location, dates
//!    │  ├─ P link, body text
//!    │  └─ L > LI > Lbl • | LBody text [> L nested …]
//!    └─ L > LI > Lbl key | LBody value        Rows
//! ```
//!
//! Rules, footers and running heads are artifacts, drawn outside the tree.

use std::num::NonZeroU16;

use krilla::tagging::{Identifier, ListNumbering, Node, Tag, TagGroup, TagKind, TagTree};

use crate::compose::Role;

/// What a piece of marked content is to its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The block's text.
    Text,
    /// A list item's marker or a row's key.
    Label,
}

/// A link on a page, by the order it was met in: its annotation joins its text in the
/// tree once the page is finished.
pub type LinkKey = usize;

/// One piece of marked content.
struct Leaf {
    part: Part,
    link: Option<LinkKey>,
    content: Identifier,
}

/// The document's content, gathered per block as the pages are drawn.
pub struct Structure<'r> {
    roles: &'r [Role],
    leaves: Vec<Vec<Leaf>>,
    /// The text of each heading, for its title (`/T`, required by PDF/UA), and the
    /// marker of each list item, for its list's numbering.
    texts: Vec<String>,
    /// Each link's annotation, once its page is finished (`None` when it has no area).
    links: Vec<Option<Identifier>>,
}

impl<'r> Structure<'r> {
    pub fn new(roles: &'r [Role]) -> Self {
        Structure {
            roles,
            leaves: roles.iter().map(|_| Vec::new()).collect(),
            texts: roles.iter().map(|_| String::new()).collect(),
            links: Vec::new(),
        }
    }

    pub fn role(&self, block: usize) -> Role {
        self.roles[block]
    }

    /// A new link, whose annotation comes later ([`Structure::annotate`]).
    pub fn link(&mut self) -> LinkKey {
        self.links.push(None);
        self.links.len() - 1
    }

    pub fn annotate(&mut self, link: LinkKey, annotation: Identifier) {
        self.links[link] = Some(annotation);
    }

    /// Whether [`Structure::push`] needs the text of content of `part` in `block`: a
    /// heading's, for its title, and a list item's marker.
    pub fn needs_text(&self, block: usize, part: Part) -> bool {
        match self.roles[block] {
            Role::Title | Role::Heading | Role::EntryHeading | Role::Figure => true,
            Role::ListItem { .. } => part == Part::Label,
            _ => false,
        }
    }

    /// Content drawn for `block`, with the text it shows (when it needs it).
    pub fn push(
        &mut self,
        block: usize,
        part: Part,
        link: Option<LinkKey>,
        content: Identifier,
        text: &str,
    ) {
        self.leaves[block].push(Leaf { part, link, content });
        if self.needs_text(block, part) {
            let kept = &mut self.texts[block];
            for word in text.split_whitespace() {
                if !kept.is_empty() {
                    kept.push(' ');
                }
                kept.push_str(word);
            }
        }
    }

    /// The tag tree, in the order of the blocks.
    pub fn tree(self, language: &str) -> TagTree {
        let mut tree = Tree::default();
        let Structure { roles, leaves, mut texts, links } = self;
        for (block, leaves) in leaves.into_iter().enumerate() {
            if leaves.is_empty() {
                continue;
            }
            let nodes = |leaves: Vec<Leaf>| content(leaves, &links);
            match roles[block] {
                Role::Title => {
                    tree.close_sections();
                    tree.push(heading(1, &mut texts[block], nodes(leaves)));
                }
                Role::Heading => {
                    tree.close_sections();
                    tree.section = Some(TagGroup::new(Tag::Section));
                    tree.push(heading(2, &mut texts[block], nodes(leaves)));
                }
                Role::EntryHeading => {
                    tree.close_entry();
                    tree.entry = Some(TagGroup::new(Tag::Section));
                    tree.push(heading(3, &mut texts[block], nodes(leaves)));
                }
                Role::Paragraph => tree.push(TagGroup::with_children(Tag::P, nodes(leaves))),
                // The header's, wherever the layout puts it (a sidebar's come after the
                // main column's sections): in no section.
                Role::Contact => {
                    tree.close_sections();
                    tree.push(TagGroup::with_children(Tag::P, nodes(leaves)))
                }
                Role::ListItem { depth } => {
                    let (label, text): (Vec<Leaf>, Vec<Leaf>) =
                        leaves.into_iter().partition(|l| l.part == Part::Label);
                    let numbering = numbering(&texts[block]);
                    let (label, text) = (content(label, &links), content(text, &links));
                    tree.list_item(depth, numbering, label, text);
                }
                Role::Rows => {
                    tree.close_lists();
                    tree.push(rows(leaves, &links));
                }
                Role::Figure => {
                    let alt = std::mem::take(&mut texts[block]);
                    tree.push(TagGroup::with_children(Tag::Figure(Some(alt)), nodes(leaves)));
                }
                // Drawn as an artifact: it has no content here.
                Role::Rule => {}
            }
        }
        tree.close_sections();
        let mut tag_tree = TagTree::new().with_lang(Some(language.to_string()));
        for node in tree.root {
            tag_tree.push(node);
        }
        tag_tree
    }
}

/// A heading of `level` with its title.
fn heading(level: u16, title: &mut String, children: Vec<Node>) -> TagGroup {
    let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
    TagGroup::with_children(Tag::Hn(level, Some(std::mem::take(title))), children)
}

/// Leaves as nodes: a link's text goes into a Link element with its annotation first.
fn content(leaves: Vec<Leaf>, links: &[Option<Identifier>]) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut open: Option<(LinkKey, TagGroup)> = None;
    for leaf in leaves {
        if let Some((_, group)) = open.take_if(|(key, _)| Some(*key) != leaf.link) {
            nodes.push(group.into());
        }
        match (leaf.link, &mut open) {
            (Some(_), Some((_, group))) => group.push(leaf.content),
            (Some(key), None) => match links[key] {
                Some(annotation) => {
                    let children = vec![annotation.into(), leaf.content.into()];
                    open = Some((key, TagGroup::with_children(Tag::Link, children)));
                }
                // A link without an area on the page: its text is plain text.
                None => nodes.push(leaf.content.into()),
            },
            (None, _) => nodes.push(leaf.content.into()),
        }
    }
    if let Some((_, group)) = open {
        nodes.push(group.into());
    }
    nodes
}

/// Key–value rows as a list: each key is the label of the value after it.
fn rows(leaves: Vec<Leaf>, links: &[Option<Identifier>]) -> TagGroup {
    let mut list = TagGroup::new(Tag::L(ListNumbering::None));
    let mut item: Option<(Vec<Leaf>, Vec<Leaf>)> = None;
    for leaf in leaves {
        // A key after a value starts the next row.
        if leaf.part == Part::Label && item.as_ref().is_some_and(|(_, value)| !value.is_empty()) {
            let (key, value) = item.take().unwrap_or_default();
            list.push(list_item(content(key, links), content(value, links)));
        }
        let (key, value) = item.get_or_insert_with(Default::default);
        match leaf.part {
            Part::Label => key.push(leaf),
            Part::Text => value.push(leaf),
        }
    }
    if let Some((key, value)) = item {
        list.push(list_item(content(key, links), content(value, links)));
    }
    list
}

fn list_item(label: Vec<Node>, body: Vec<Node>) -> TagGroup {
    let mut item = TagGroup::new(Tag::LI);
    if !label.is_empty() {
        item.push(TagGroup::with_children(Tag::Lbl, label));
    }
    item.push(TagGroup::with_children(Tag::LBody, body));
    item
}

/// An open list and its open item, whose body may still take a nested list.
struct OpenList {
    list: TagGroup,
    item: Option<TagGroup>,
}

impl OpenList {
    /// Put the open item into the list.
    fn close_item(&mut self) {
        if let Some(item) = self.item.take() {
            self.list.push(item);
        }
    }
}

/// The tree as it is built: the open section, entry and lists.
#[derive(Default)]
struct Tree {
    root: Vec<Node>,
    section: Option<TagGroup>,
    entry: Option<TagGroup>,
    /// Open lists, outermost first: `lists[d]` holds the items of depth `d`.
    lists: Vec<OpenList>,
}

impl Tree {
    /// Add an element to the innermost open entry, section or the document.
    fn push(&mut self, group: TagGroup) {
        self.close_lists();
        self.container().push(group.into());
    }

    fn container(&mut self) -> &mut Vec<Node> {
        match (&mut self.entry, &mut self.section) {
            (Some(entry), _) => &mut entry.children,
            (None, Some(section)) => &mut section.children,
            (None, None) => &mut self.root,
        }
    }

    /// An item at `depth`, nested in the open item one level up.
    fn list_item(
        &mut self,
        depth: usize,
        numbering: ListNumbering,
        label: Vec<Node>,
        body: Vec<Node>,
    ) {
        // Close lists deeper than this item's, and skip levels that were never opened.
        while self.lists.len() > depth + 1 {
            self.close_innermost_list();
        }
        if self.lists.len() == depth + 1 {
            if let Some(open) = self.lists.last_mut() {
                open.close_item();
            }
        } else {
            let list = TagGroup::new(Tag::L(numbering));
            self.lists.push(OpenList { list, item: None });
        }
        if let Some(open) = self.lists.last_mut() {
            open.item = Some(list_item(label, body));
        }
    }

    /// Close the innermost list: into the body of the item around it, or the container.
    fn close_innermost_list(&mut self) {
        let Some(mut open) = self.lists.pop() else { return };
        open.close_item();
        let list: Node = open.list.into();
        match self.lists.last_mut().and_then(|outer| outer.item.as_mut()) {
            Some(item) => match item.children.last_mut() {
                Some(Node::Group(body)) if matches!(body.tag, TagKind::LBody(_)) => body.push(list),
                _ => item.push(TagGroup::with_children(Tag::LBody, vec![list])),
            },
            None => self.container().push(list),
        }
    }

    fn close_lists(&mut self) {
        while !self.lists.is_empty() {
            self.close_innermost_list();
        }
    }

    fn close_entry(&mut self) {
        self.close_lists();
        if let Some(entry) = self.entry.take() {
            self.container().push(entry.into());
        }
    }

    fn close_sections(&mut self) {
        self.close_entry();
        if let Some(section) = self.section.take() {
            self.root.push(section.into());
        }
    }
}

/// What a list's marker says about it, for readers that announce it ("bullet").
fn numbering(marker: &str) -> ListNumbering {
    match marker {
        "•" | "●" | "⬤" | "∙" => ListNumbering::Disc,
        "◦" | "○" | "⚬" => ListNumbering::Circle,
        "▪" | "■" | "◾" | "▫" | "□" => ListNumbering::Square,
        _ => ListNumbering::None,
    }
}
